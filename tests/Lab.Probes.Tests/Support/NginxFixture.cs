using Lab.TestSupport;

namespace Lab.Probes.Tests.Support;

public sealed class NginxFixture : IDisposable
{
    public NginxServer Server { get; } = NginxServer.Start();

    public void Dispose() => Server.Dispose();
}
