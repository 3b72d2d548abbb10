using System.Net;
using Lab.Gateway.Cli;
using Lab.Gateway.Connections;
using Lab.Gateway.Hosting;
using Lab.Gateway.Logging;
using Lab.Gateway.Tests.Support;
using Serilog.Events;

namespace Lab.Gateway.Tests.Hosting;

/// <summary>GatewayOptions is the one source of the gateway's defaults and the one judge of its options:
/// <c>gateway serve</c> with no option runs exactly <see cref="GatewayOptions.Defaults"/>, and a gateway
/// with a bad option does not start, whoever built its options.</summary>
public class GatewayOptionsTests
{
    [Fact]
    public void ServeWithoutOptionsRunsTheDefaults()
    {
        var options = ServeCommand.ToOptions(ServeCommand.Create().Parse(["--logs", "run"]));

        Assert.Equal(GatewayOptions.Defaults with { LogsDirectory = "run", OwnsProcess = true }, options);
        Assert.Empty((GatewayOptions.Defaults with { LogsDirectory = "run" }).Problems());
        // The defaults themselves, as docs/gateway.md's option table writes them: every property set here, none
        // left to GatewayOptions' own initializers, so a changed default fails here and not only moves both sides.
        Assert.Equal(new GatewayOptions
        {
            Bind = IPAddress.Loopback, FramesPort = 20001, HttpPort = 20080, Packet = 4, MaxPacket = 65536, Policy = RejectPolicy.Fin,
            IdleTimeout = TimeSpan.FromSeconds(30), FrameTimeout = TimeSpan.FromSeconds(10), SendTimeout = TimeSpan.FromSeconds(30),
            MaxPendingOutput = 64 * 1024, MaxConnections = 0, AtCap = AtCapMode.Refuse, Backlog = 4096, InlineIo = true, HopUpTo = Environment.ProcessorCount, KeepAlive = null,
            DescriptorReserve = 32, OwnsProcess = true, LogsDirectory = "run", Append = false,
            LogFiles = new LogFileOptions { ConnectionFiles = false, Rolling = new LogRolling(256L * 1024 * 1024, 10) },
            LogLevel = LogEventLevel.Information, ShutdownTimeout = TimeSpan.FromSeconds(5),
        }, options);
    }

    [Theory]
    [InlineData("--packet: 3 is not a gen_tcp header width")]
    [InlineData("--frames-port: 70000 is not a TCP port")]
    [InlineData("--backlog: 0 is out of range")]
    [InlineData("--max-connections: -1 is negative")]
    [InlineData("--idle-timeout: ")]
    [InlineData("--send-timeout: ")]
    [InlineData("--max-pending-output: 0 is out of range")]
    public async Task AnEmbeddedGatewayWithABadOptionDoesNotStart(string problem)
    {
        var options = new GatewayOptions { LogsDirectory = TestGateway.ArtifactDirectory("bad-options"), HttpPort = null, FramesPort = 0 };
        options = problem.Split(':')[0] switch
        {
            "--packet" => options with { Packet = 3 },
            "--frames-port" => options with { FramesPort = 70000 },
            "--backlog" => options with { Backlog = 0 },
            "--max-connections" => options with { MaxConnections = -1 },
            "--send-timeout" => options with { SendTimeout = TimeSpan.Zero },
            "--max-pending-output" => options with { MaxPendingOutput = 0 },
            _ => options with { IdleTimeout = TimeSpan.Zero },
        };

        Assert.StartsWith(problem, Assert.Single(options.Problems()));
        var e = await Assert.ThrowsAsync<ArgumentException>(() => GatewayHost.StartAsync(options));
        Assert.Contains(problem, e.Message);
        Assert.False(Directory.Exists(options.LogsDirectory), "a refused gateway must not have created its run directory");
    }

    [Fact]
    public void SendTimeoutAndPendingOutputAreReadAsWrittenAndOffMeansNever()
    {
        var set = ServeCommand.ToOptions(ServeCommand.Create().Parse(["--logs", "run", "--send-timeout", "2s", "--max-pending-output", "16KB", "--append"]));
        Assert.Equal(TimeSpan.FromSeconds(2), set.SendTimeout);
        Assert.Equal(16 * 1024, set.MaxPendingOutput);
        Assert.True(set.Append);
        Assert.Equal((8 * 1024, 8 * 1024), (set.OutputLimits.TransportPauseBytes, set.OutputLimits.BatchBytes));
        Assert.Null(ServeCommand.ToOptions(ServeCommand.Create().Parse(["--logs", "run", "--send-timeout", "off"])).SendTimeout);
        var defaults = ServeCommand.ToOptions(ServeCommand.Create().Parse(["--logs", "run"]));
        Assert.Equal((TimeSpan.FromSeconds(30), 65536, false), (defaults.SendTimeout!.Value, defaults.MaxPendingOutput, defaults.Append));
        Assert.Throws<Lab.Common.Cli.UsageException>(() => ServeCommand.ToOptions(ServeCommand.Create().Parse(["--logs", "run", "--max-pending-output", "65MB"])));
    }

    [Fact]
    public void ServeReportsTheSameProblemAsAUsageError()
    {
        var e = Assert.Throws<Lab.Common.Cli.UsageException>(() => ServeCommand.ToOptions(ServeCommand.Create().Parse(["--logs", "run", "--policy", "rst", "--packet", "3"])));

        Assert.Equal((GatewayOptions.Defaults with { LogsDirectory = "run", Policy = RejectPolicy.Rst, Packet = 3 }).Problems()[0], e.Message);
        Assert.Equal("--packet: 3 is not a gen_tcp header width; use 1, 2 or 4", e.Message); // docs/gateway.md: gen_tcp {packet,1|2|4}
    }
}
