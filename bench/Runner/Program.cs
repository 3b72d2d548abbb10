using Lab.Bench.Cli;
using Lab.Common.Cli;

// ./lab bench [--quick] builds Release (the lab script does) and runs this; `LabBench --help` lists the rest.
return await CliRunner.RunAsync(BenchCommand.Create(), args);
