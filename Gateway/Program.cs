using Lab.Common.Cli;
using Lab.Gateway.Cli;

return await CliRunner.RunAsync(GatewayCli.Create(), args, interruptible: false);
