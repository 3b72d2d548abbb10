using Lab.Common.Cli;
using Lab.Gateway.Cli;

// The socket engine reads this once, when the first socket is made: set it before anything else.
// With Kestrel's inline scheduling (GatewayOptions.InlineIo) it lets a frame be read, parsed and
// echoed on the I/O thread that saw it arrive, without two hops through the thread pool (more echoes for
// less server CPU: docs/performance.md, "What was tuned", names the run), while many connections are open
// (Connections/SchedulingByLoad: few go on on the thread pool, one hop per read). An explicit setting in the
// environment wins.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");

return await CliRunner.RunAsync(GatewayCli.Create(), args, interruptible: false);
