using Lab.Common.Text;
using Lab.Probes.Frames;

namespace Lab.Probes.Output;

internal static class FramesText
{
    public static void Write(FramesResult r)
    {
        var unit = r.Mode switch { "echo" => "frames", "reject" => "cycles", _ => "connections alive" };
        Prose.WriteLine(r.Mode == "hold"
            ? $"hold {r.Target}: {r.ConnectionsOpened} of {r.Connections} opened, {r.ConnectionsAlive} alive after {r.Seconds:0.#} s (one echo each)"
            : $"{r.Mode} {r.Target}, {r.Connections} connections, {r.Size}-byte payloads: {r.Operations} {unit} in {r.Seconds:0.###} s = {r.PerSecond}/s; " +
              $"latency p50 {r.P50Us} µs, p99 {r.P99Us} µs, max {r.MaxUs} µs");
        Prose.WriteLine($"CPU: generator {r.GeneratorCpuSeconds} s" + (r.ServerCpuSeconds is { } s ? $", server {s} s" : " (pass --server-pid for the server's)") +
                        $" over {r.Seconds:0.#} s on {Environment.ProcessorCount} cores");
        Prose.WriteLine(r.Errors.Count == 0 ? "errors: none" : "errors: " + string.Join(", ", r.Errors.Select(e => $"{e.Key} {e.Value}")));
        if (r.Interrupted)
            Prose.WriteLine(r.MeasuredFrom is null
                ? "interrupted in the warm-up: nothing was measured"
                : $"interrupted: the figures cover the {r.Seconds:0.###} s measured before the signal");
        if (r.Note is not null)
            Prose.WriteLine($"note: {r.Note}");
    }
}
