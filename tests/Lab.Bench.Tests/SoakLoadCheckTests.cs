using Lab.Bench;

namespace Lab.Bench.Tests;

/// <summary>The soak's churn held against the load's own count, and the descriptor-limit run's echoes and exit code:
/// each a mismatch when it goes wrong, NO DATA when there was nothing to judge.</summary>
public class SoakLoadCheckTests
{
    private static readonly IReadOnlyDictionary<string, long> None = new Dictionary<string, long>();

    [Fact]
    public void AConnectionWhoseTwoLinesWereBothLostIsCaught()
    {
        // Every logged init ok has its do_terminate, yet the load made one more connection than the log holds.
        var (line, mismatches) = SoakLoadCheck.Judge([("churn round 1", None)], connectionsMade: 10_049, initsLogged: 10_048);

        Assert.Equal("connections the load made vs init ok logged: 10,049 vs 10,048 (MISS =)", line);
        Assert.Equal(["the load made 10,049 connections and the gateway logged 10,048 init ok: 1 connection(s) missing from its log"], mismatches);
        Assert.Empty(SoakLoadCheck.Judge([("churn round 1", None)], 10_049, 10_049).Mismatches);
    }

    [Fact]
    public void ARoundWithLoadErrorsIsAMismatchAndNothingMadeIsNoData()
    {
        var errors = new Dictionary<string, long> { ["connect ECONNREFUSED"] = 2 };

        Assert.Equal(["churn round 2: the load reported errors (connect ECONNREFUSED 2)"],
            SoakLoadCheck.Judge([("churn round 1", None), ("churn round 2", errors)], 100, 100).Mismatches);
        var (line, mismatches) = SoakLoadCheck.Judge([], 0, 0);
        Assert.EndsWith("NO DATA (the load made none)", line);
        Assert.Equal(["NO DATA: the churn and the flood made no connection"], mismatches);
    }

    [Fact]
    public void FailedEchoesOrAnUncleanExitAtTheLimitAreMismatches()
    {
        Assert.Empty(DescriptorLimitVerdict.Misses(echoed: 100, sample: 100, exitCode: 0));
        Assert.Equal(["3 of 100 echoes failed at the limit"], DescriptorLimitVerdict.Misses(97, 100, 0));
        Assert.Equal(["SIGTERM at the limit: the gateway exited 137, not 0"], DescriptorLimitVerdict.Misses(100, 100, 137));
        Assert.Equal(["NO DATA: no held connection was asked to echo at the limit", "SIGTERM at the limit: the gateway exited without an exit code, not 0"],
            DescriptorLimitVerdict.Misses(0, 0, null));
    }
}
