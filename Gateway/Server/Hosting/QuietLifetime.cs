using Microsoft.Extensions.Hosting;

namespace Lab.Gateway.Hosting;

/// <summary>A host lifetime that leaves signals alone: the CLI (or the embedding lab) owns SIGTERM and Ctrl+C.</summary>
internal sealed class QuietLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
