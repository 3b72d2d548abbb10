namespace Lab.Bench.Cluster;

/// <summary>One count the engine and the gateway both keep, side by side: they must be equal, exactly.</summary>
internal sealed record CountCheck(string What, long Engine, long Gateway)
{
    public bool Equal => Engine == Gateway;
}
