using Lab.BrowserLab.Cli;
using Lab.Common.Cli;

return await CliRunner.RunAsync(BrowserLabCli.Create(), args);
