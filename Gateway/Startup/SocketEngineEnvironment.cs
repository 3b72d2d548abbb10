namespace Lab.Gateway.Startup;

/// <summary>
/// How .NET's socket engine runs the gateway's connections, set in the environment because the engine reads it
/// once, when the process makes its first socket. An explicit setting in the environment wins.
/// </summary>
/// <remarks>
/// Inline completions let a frame be read, parsed and echoed on the engine thread that saw it arrive, with no
/// hop through the thread pool while many connections are open (Server/Connections/SchedulingByLoad hops for
/// the few). Those threads then run every connection's code, so each is a busy core of its own: .NET starts one
/// per core, which leaves no core free for what else must run (the log writer, the timers, the hops, and on a
/// shared machine its clients), and an engine thread that waits for a core stalls every connection it owns.
/// Half the cores, at least one, keeps them running; docs/performance.md has what that changed and names the run.
/// </remarks>
internal static class SocketEngineEnvironment
{
    public const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
    public const string ThreadCount = "DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT";

    public static int EngineThreads(int processorCount) => Math.Max(1, processorCount / 2);

    public static void Apply()
    {
        if (Environment.GetEnvironmentVariable(InlineCompletions) is null)
            Environment.SetEnvironmentVariable(InlineCompletions, "1");
        if (Environment.GetEnvironmentVariable(ThreadCount) is null)
            Environment.SetEnvironmentVariable(ThreadCount, EngineThreads(Environment.ProcessorCount).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
