using Lab.Common.Processes;

namespace Lab.TestSupport;

/// <summary>Assertions on a finished CLI: an extension, because <see cref="ProcessResult"/> lives in Common,
/// which the bench ships and which must not depend on xunit.</summary>
internal static class UsageErrorAssertions
{
    /// <summary>A user's mistake: exit code 2, one line on stderr naming what to fix, no stack trace, nothing on stdout.</summary>
    public static void AssertUsageError(this ProcessResult result, string? mentions = null)
    {
        Xunit.Assert.Equal(2, result.ExitCode);
        var line = Xunit.Assert.Single(result.StderrLines);
        if (mentions is not null)
            Xunit.Assert.Contains(mentions, line);
        Xunit.Assert.DoesNotContain("   at ", result.Stderr);
        Xunit.Assert.Empty(result.Stdout);
    }
}
