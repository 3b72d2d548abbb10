using System.CommandLine;
using Lab.Common.Cli;

namespace Lab.Probes.Cli;

/// <summary>Hidden options the lab passes to the copy of a probe it runs inside a namespace: given by hand to
/// the outer probe they would do nothing, so they are a usage error there.</summary>
internal static class InsideOnly
{
    public static void Check(ParseResult parse, Option<bool> inside, params Option[] options)
    {
        if (parse.GetValue(inside))
            return;
        foreach (var option in options)
        {
            if (parse.GetResult(option) is { Implicit: false })
                throw new UsageException($"{option.Name}: the lab passes it to its own copy inside the namespace; leave it out");
        }
    }
}
