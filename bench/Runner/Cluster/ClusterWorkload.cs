using Lab.Probes.Frames;

namespace Lab.Bench.Cluster;

/// <summary>One of the bench's workloads as the engine runs it: the Locust user class in
/// bench/Cluster/locustfile.py, the Locust request type that counts its operations, and labload's mode
/// for the reference run on the same machine.</summary>
internal sealed record ClusterWorkload(string Name, string LocustUserClass, string OperationType, FramesMode NativeMode, string Counted)
{
    /// <summary>{packet,4} 64-byte frames, one in flight per user, each echo compared with what was sent.</summary>
    public static ClusterWorkload Echo { get; } = new("echo", "EchoUser", "echo", FramesMode.Echo, "echoes checked");

    /// <summary>Connect, a bogus <c>GET </c> head, wait for the server's close; again.</summary>
    public static ClusterWorkload Reject { get; } = new("reject", "RejectUser", "reject", FramesMode.Reject, "rejected (closed after GET)");

    /// <summary>One idle connection per user held for the whole work time, then one echo on each.</summary>
    public static ClusterWorkload Hold { get; } = new("hold", "HoldUser", "echo", FramesMode.Hold, "held, then echoed once");

    public static IReadOnlyList<ClusterWorkload> All { get; } = [Echo, Reject, Hold];

    public static ClusterWorkload? Find(string name) => All.FirstOrDefault(w => w.Name == name);
}
