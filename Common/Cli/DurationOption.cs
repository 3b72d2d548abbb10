using System.CommandLine;

namespace Lab.Common.Cli;

/// <summary>
/// An option that takes a <see cref="Duration"/> within a range, checked while the command line is parsed
/// (a wrong value is one line naming the option, exit 2, before anything starts). Its help shows the
/// default as the user writes it (<c>[default: 30s]</c>), which a <c>TimeSpan</c> option could not, and
/// ends with the range. An option that can be switched off takes <c>0</c> and <c>off</c> for that
/// (<see cref="ValueIn"/> is null), as <c>timeout 0</c> and <c>wget --timeout=0</c> do; on any other
/// option both are out of range, unless the range starts at zero, where <c>0</c> is a real zero.
/// </summary>
internal sealed class DurationOption : Option<string>
{
    private readonly string _description;
    private readonly List<DurationOption> _oldNames = [];

    /// <param name="description">What the time is; the range and what 0 and off mean are appended.</param>
    /// <param name="off">What 0 and off mean for this option (e.g. "never"); null when it cannot be off.</param>
    public DurationOption(string name, string description, TimeSpan min, TimeSpan max, string? off = null) : base(name)
    {
        _description = description;
        Min = min;
        Max = max;
        Off = off;
        Description = $"{description.TrimEnd('.')} ({Range}{(off is null ? "" : $"; 0 or off: {off}")}).";
        HelpName = "duration";
        Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is not { } text)
                return;
            try
            {
                Check(text, result.IdentifierToken?.Value ?? Name);
            }
            catch (UsageException e)
            {
                result.AddError(e.Message);
            }
        });
    }

    public TimeSpan Min { get; }

    public TimeSpan Max { get; }

    /// <summary>What 0 and off mean for this option; null when it cannot be off.</summary>
    public string? Off { get; }

    private string Range => Min == TimeSpan.Zero || Off is not null
        ? $"up to {Duration.Format(Max)}"
        : $"{Duration.Format(Min)} to {Duration.Format(Max)}";

    /// <summary>
    /// A name this option had before, still accepted but left out of help. System.CommandLine prints
    /// every alias in help and cannot hide one, so the old name is a hidden option of its own with the
    /// same rule, which <see cref="ValueIn"/> reads too. Add it to the command beside this one.
    /// </summary>
    public DurationOption HiddenOldName(string oldName)
    {
        var old = new DurationOption(oldName, _description, Min, Max, Off) { Hidden = true };
        _oldNames.Add(old);
        return old;
    }

    /// <summary>The value given (by this name or an old one) or else the default; null when it is off
    /// or neither given nor defaulted.</summary>
    public TimeSpan? ValueIn(ParseResult parse)
    {
        var old = _oldNames.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false });
        if (old is not null && parse.GetResult(this) is { Implicit: false })
            throw new UsageException($"{Name} and {old.Name} are one option ({old.Name} is its old name); give {Name} once");
        var text = old is null ? parse.GetValue(this) : parse.GetValue(old);
        return text is null ? null : Check(text, old?.Name ?? Name);
    }

    /// <summary>The rule on one value, as <see cref="ValueIn"/> applies it.</summary>
    public TimeSpan? Check(string text, string optionName)
    {
        var value = Duration.Parse(text, optionName, Max);
        if (Off is not null && (value is null || value == TimeSpan.Zero))
            return null;
        if (value is null)
            throw new UsageException($"{optionName}: off is not allowed here; give a duration, {Range}");
        if (value < Min || value > Max)
            throw new UsageException($"{optionName}: {text.Trim()} is out of range; use {Range}");
        return value;
    }
}
