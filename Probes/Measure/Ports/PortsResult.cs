namespace Lab.Probes.Ports;

/// <summary>What <c>probe ports</c> saw in its namespace; the JSON fields scripts read.</summary>
internal sealed record PortsResult
{
    public required string Range { get; init; }
    public required int RangeSize { get; init; }

    /// <summary>Plain connect() calls to one listener that succeeded before the first failure.</summary>
    public required int ConnectOpened { get; init; }
    public required string? ConnectError { get; init; }

    /// <summary>bind(port 0) then connect, with the range exhausted: the errno, and which call failed.</summary>
    public required string? BindError { get; init; }
    public required string? BindFailedAt { get; init; }

    /// <summary>A plain connect to a second destination still succeeds: only the 4-tuple must be unique.</summary>
    public required bool SecondDestinationConnected { get; init; }
    public int? SecondDestinationLocalPort { get; init; }

    /// <summary>Error atom per OTP form: plain, ip, port0, httpc, sname.</summary>
    public required IReadOnlyDictionary<string, string> Erlang { get; init; }
    public int? ErlangPortIdsConsumed { get; init; }
    public string? ErlangNote { get; init; }

    public required TimeWaitRun TimeWaitReuse0 { get; init; }
    public required TimeWaitRun TimeWaitHostValue { get; init; }
    public required double MaxShortPerSecond { get; init; }

    /// <summary>Set for an odd-sized range: connect() may leave one port unused (measured here).</summary>
    public string? RangeNote { get; init; }
    public bool? HostUnchanged { get; set; }
}
