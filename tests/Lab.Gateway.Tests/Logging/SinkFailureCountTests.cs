using Lab.Gateway.Logging;
using Lab.Gateway.Tests.Support;
using Serilog.Events;
using Serilog.Parsing;
using Lab.Logs;

namespace Lab.Gateway.Tests.Logging;

/// <summary>Each gateway's logger counts its own sinks' failures, through the async wrapper, so two gateways in
/// one process (the tests, BrowserLab's matrix) never count each other's.</summary>
public class SinkFailureCountTests
{
    [Fact]
    public void TwoGatewaysInOneProcessCountOnlyTheirOwnFailedEvents()
    {
        var healthyDirectory = Directory.CreateDirectory(TestGateway.ArtifactDirectory("sink-failures-b")).FullName;
        var failing = new GatewayLogging(Directory.CreateDirectory(TestGateway.ArtifactDirectory("sink-failures-a")).FullName, LogEventLevel.Information);
        var healthy = new GatewayLogging(healthyDirectory, LogEventLevel.Information);
        try
        {
            for (var i = 0; i < 3; i++)
            {
                failing.Logger.Write(EventThatCannotBeFormatted());
                healthy.Logger.Information("fine {n}", i);
            }
        }
        finally
        {
            failing.Dispose(); // drains the async queue: every event has been tried
            healthy.Dispose();
        }

        Assert.Equal(3, failing.WriteFailures);
        Assert.Equal(0, healthy.WriteFailures);
        Assert.Equal(3, File.ReadLines(Path.Combine(healthyDirectory, RunFiles.TextLog)).Count(l => l.Contains("fine ")));
    }

    private static LogEvent EventThatCannotBeFormatted() =>
        new(DateTimeOffset.UtcNow, LogEventLevel.Information, null, new MessageTemplateParser().Parse("poison {value}"),
            [new LogEventProperty("value", new ScalarValue(new ThrowsWhenFormatted()))]);

    private sealed class ThrowsWhenFormatted
    {
        public override string ToString() => throw new InvalidOperationException("this value cannot be formatted");
    }
}
