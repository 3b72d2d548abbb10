using Lab.Common.Text;
using System.CommandLine;
using Lab.Common.Cli;
using Lab.Probes.Limits;
using Lab.Probes.Output;
using Spectre.Console;

namespace Lab.Probes.Cli;

/// <summary><c>probe limits</c>: what bounds concurrent TCP connections, with current values; <c>plan</c> prints the seed's tuning.</summary>
internal static class LimitsCommand
{
    private static readonly Option<string?> WindowsReg = new("--windows-reg") { Description = "An exported .reg file of HKLM\\...\\Tcpip\\Parameters to read the Windows values from (any OS)." };
    private static readonly Option<bool> Json = JsonOption.Create();
    private static readonly Option<string> Os = new Option<string>("--os") { Description = "windows (a .reg file) or linux (a sysctl.conf snippet and ulimit advice).", Required = true }
        .OneOf("windows", "linux");

    public static Command Create()
    {
        var plan = new Command("plan", "Print the field notes' tuning for an OS (never applied).") { Os };
        plan.SetAction(parse =>
        {
            Console.WriteLine(parse.GetValue(Os) is "windows" ? TuningPlan.Windows() : TuningPlan.Linux());
            return ExitCodes.Ok;
        });
        var command = new Command("limits", "What limits concurrent TCP connections here (and on Windows), current values and what they imply.")
        {
            WindowsReg, Json, plan,
        };
        command.SetAction(parse => Run(parse.GetValue(WindowsReg), parse.GetValue(Json)));
        return command;
    }

    private static int Run(string? regFile, bool json)
    {
        IReadOnlyList<LimitValue>? windows = null;
        string? windowsSource = null;
        if (regFile is not null)
        {
            if (!File.Exists(regFile))
                throw new UsageException($"--windows-reg: {regFile} does not exist");
            try
            {
                windows = WindowsTcpParameters.Describe(WindowsTcpParameters.ParseReg(regFile));
                windowsSource = regFile;
            }
            catch (InvalidDataException e)
            {
                throw new UsageException($"--windows-reg: {e.Message}");
            }
        }
        else if (WindowsTcpParameters.ReadRegistry() is { } live)
        {
            windows = WindowsTcpParameters.Describe(live);
            windowsSource = "registry";
        }

        var linux = OperatingSystem.IsLinux() ? LinuxLimits.Read() : [];
        var derived = OperatingSystem.IsLinux() ? LinuxLimits.Derived() : [];
        if (json)
        {
            JsonOutput.Write(new { linux, derived, portClasses = LinuxLimits.PortClasses(), windows = windows is null ? null : new { source = windowsSource, values = windows } });
            return ExitCodes.Ok;
        }
        Terminal.FitRedirectedOutput();
        Write("Linux (this machine, this network namespace)", linux);
        Write("Derived", derived);
        Write("Port classes", LinuxLimits.PortClasses());
        if (windows is not null)
            Write($"Windows Tcpip\\Parameters ({windowsSource})", windows);
        else
            Prose.WriteLine("Windows: pass --windows-reg FILE (a regedit export of Tcpip\\Parameters) to read its values; 'probe limits plan --os windows' prints the seed's tuning.");
        return ExitCodes.Ok;
    }

    private static void Write(string title, IReadOnlyList<LimitValue> values)
    {
        if (values.Count == 0)
            return;
        var table = new Table().Title(title).AddColumns("name", "value", "what it limits");
        foreach (var v in values)
            table.AddRow(Markup.Escape(v.Name), Markup.Escape(v.Value ?? "—") + (v.Warning is null ? "" : $" [red]{Markup.Escape(v.Warning)}[/]"), Markup.Escape(v.Limits));
        AnsiConsole.Write(table);
    }
}
