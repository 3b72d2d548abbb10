using System.Reflection;
using System.Text.RegularExpressions;
using Lab.Logs;
using Lab.Gateway.Logging;
using Microsoft.Extensions.Logging;

namespace Lab.Gateway.Tests.Logging;

/// <summary>The log contract is the one place the writer and the readers share: every event the gateway
/// logs is in it with its template, every name a reader asks for is a field some template writes, and a
/// port id reads back from the form it is written in.</summary>
public partial class LogContractTests
{
    [Fact]
    public void EveryLoggerMessageIsAContractEventWithItsTemplate()
    {
        var written = typeof(GatewayLog).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .Select(a => (a.EventName!, a.Message))
            .ToList();

        // log_retention alone is written straight to gateway.log (GatewayLogging.NoteDeletion), not through the logger.
        Assert.Equal(LogContract.Events.Where(e => e.Name != LogContract.Names.LogRetention).Order(), written.Order());
    }

    [Fact]
    public void EveryFieldAReaderAsksForIsWrittenBySomeTemplate()
    {
        var placeholders = LogContract.Events.SelectMany(e => Placeholder().Matches(e.Template).Select(m => m.Groups[1].Value)).ToHashSet();
        var fields = typeof(LogContract.Fields).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.NotEmpty(fields);
        Assert.All(fields, f => Assert.Contains(f, placeholders));
    }

    [Fact]
    public void EachTemplateOpensWithItsEventsWordsAndConnectionEventsWithThePortId()
    {
        var words = LogContract.Events.ToDictionary(e => e.Name, e => LogContract.TextWordOf(e.Template));
        Assert.Equal("init ok", words[LogContract.Names.InitOk]);
        Assert.All(words.Where(w => w.Key != LogContract.Names.InitOk), w => Assert.Equal(w.Key, w.Value));
        foreach (var name in new[] { "init_ok", "frame", "head_error", "refused", "do_terminate", "http_request", "listen" })
            Assert.StartsWith(words[name] + " #Port<0.{portId}> ", LogContract.Events.Single(e => e.Name == name).Template);
    }

    [Theory]
    [InlineData(7L, "#Port<0.7>")]
    [InlineData(1195725856L, "#Port<0.1195725856>")]
    public void APortIdIsWrittenAndReadAsTheSeedsErlangPort(long id, string text)
    {
        Assert.Equal(text, LogContract.FormatPort(id));
        Assert.True(LogContract.TryParsePort(text, out var parsed));
        Assert.Equal(id, parsed);
        Assert.True(LogContract.TryFindPort($"2026-11-27 00:17:41.201Z [INF] init ok {text} peer=x", out var found));
        Assert.Equal(id, found);
    }

    [Theory]
    [InlineData("#Port<0.>")]
    [InlineData("#Port<0.-1>")]
    [InlineData("#Port<0.7> ")]
    [InlineData("Port<0.7>")]
    [InlineData("#Port<0.99999999999999999999>")]
    public void WhatIsNotAPortIdDoesNotParse(string text) => Assert.False(LogContract.TryParsePort(text, out _));

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();
}
