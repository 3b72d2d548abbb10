using Lab.Gateway.Hosting;

namespace Lab.Probes.Tests.Support;

/// <summary>The gateway's HTTP lab endpoint, in-process on an ephemeral loopback port.</summary>
public sealed class LabEndpointFixture : IAsyncLifetime
{
    internal GatewayHost Host { get; private set; } = null!;
    public Uri Url(string path) => new($"http://{Host.HttpEndPoint}{path}");

    public async Task InitializeAsync() => Host = await GatewayHost.StartAsync(new GatewayOptions
    {
        FramesPort = 0,
        HttpPort = 0,
        LogsDirectory = Path.Combine(Path.GetTempPath(), "lab-tests", $"probes-endpoint-{Guid.NewGuid().ToString("N")[..6]}"),
    });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
