namespace Lab.Gateway.Connections;

/// <summary>What the frame listener does at <c>--max-connections</c>.</summary>
internal enum AtCapMode
{
    /// <summary>Accept, log <c>refused</c>, close at once (Kestrel's choice; every client learns it).</summary>
    Refuse,

    /// <summary>Stop accepting until a connection ends (ranch's choice): the kernel's accept and SYN
    /// queues absorb the excess and clients wait silently.</summary>
    Pause,
}
