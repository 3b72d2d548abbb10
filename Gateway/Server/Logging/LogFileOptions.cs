namespace Lab.Gateway.Logging;

/// <summary>Which files a run directory gets and how they roll: <c>--conn-files</c>, <c>--log-max-size</c>, <c>--log-retain</c>.</summary>
internal sealed record LogFileOptions
{
    /// <summary>One <c>conn/&lt;N&gt;.log</c> per connection (a file per connection: for experiments, not for a gateway left running).</summary>
    public bool ConnectionFiles { get; init; }

    public LogRolling Rolling { get; init; } = LogRolling.Default;
}
