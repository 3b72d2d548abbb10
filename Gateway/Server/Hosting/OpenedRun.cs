using Lab.Logs;
using Lab.Gateway.Connections;
using Lab.Gateway.Logging;
using Microsoft.Extensions.Logging;
using Serilog.Extensions.Logging;

namespace Lab.Gateway.Hosting;

/// <summary>A run directory opened for one run: its writers, the run's id and the first port id it draws.</summary>
internal sealed record OpenedRun(string Directory, GatewayLogging Logging, PortJournal Journal, string RunId, long FirstPortId, bool Created)
{
    /// <summary><c>run_start</c> first in every log (a comment in ports.log), then a <c>log_cut</c> for each log
    /// whose previous run's last line was cut.</summary>
    public void WriteFirstLines(bool append, IReadOnlyList<string> cutFiles)
    {
        Journal.Note($"{LogContract.Names.RunStart} {LogContract.Fields.RunId}={RunId} {LogContract.Fields.Append}={(append ? "true" : "false")} {LogContract.Fields.FirstPortId}={FirstPortId}");
        if (cutFiles.Contains(RunFiles.Journal))
            Journal.Note($"{LogContract.Names.LogCut} {LogContract.Fields.File}={RunFiles.Journal}");
        using var loggers = new SerilogLoggerFactory(Logging.Logger);
        var log = loggers.CreateLogger<GatewayHost>();
        log.RunStart(RunId, append, FirstPortId);
        foreach (var file in cutFiles)
            log.LogCut(file);
    }

    /// <summary>After a failed start: a directory this start created holds nothing but that failure, and goes.</summary>
    public void ForgetIfCreated()
    {
        if (!Created)
            return;
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left as it is: its start_failed line says what it is.
        }
    }
}
