using Lab.Common.Cli;
using Lab.Gateway.Cli;
using Lab.Gateway.Startup;

// Before anything else: the socket engine reads its settings once, when the first socket is made.
SocketEngineEnvironment.Apply();

return await CliRunner.RunAsync(GatewayCli.Create(), args, interruptible: false);
