using Lab.Common.Cli;
using Lab.Gateway.Cli;

// The socket engine reads this once, when the first socket is made: set it before anything else.
// With Kestrel's inline scheduling (chosen per connection once more than GatewayOptions.PooledUpTo are open) it
// lets a frame be read, parsed and echoed on the I/O thread that saw it arrive, without two hops through the thread
// pool (more echoes for less server CPU: docs/performance.md, "What was tuned", names the run). An explicit setting in the
// environment wins.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");

return await CliRunner.RunAsync(GatewayCli.Create(), args, interruptible: false);
