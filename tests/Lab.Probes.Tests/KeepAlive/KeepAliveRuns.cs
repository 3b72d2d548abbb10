namespace Lab.Probes.Tests.KeepAlive;

/// <summary>The tests that run <c>probe keepalive</c>, one at a time: <see cref="KeepAliveInterruptTests"/> looks for
/// a copy of it still running inside a namespace, and another test's run would be one.</summary>
[CollectionDefinition(Name)]
public class KeepAliveRuns
{
    public const string Name = "probe keepalive runs";
}
