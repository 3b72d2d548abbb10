using Lab.Common.Cli;
using Lab.Probes.Cli;

return await CliRunner.RunAsync(ProbesCli.Create(), args);
