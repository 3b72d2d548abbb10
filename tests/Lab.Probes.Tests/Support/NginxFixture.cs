using Lab.Common.Processes;

namespace Lab.Probes.Tests.Support;

public sealed class NginxFixture : IDisposable
{
    internal NginxServer Server { get; } = NginxServer.Start();

    public void Dispose() => Server.Dispose();
}
