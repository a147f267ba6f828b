using Hematology.Integration.Resilience.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Hematology.Integration.Resilience.Tests.Alerts;

public sealed class LoggerAndCompositeSinkTests
{
    [Theory]
    [InlineData(AlertSeverity.Critical, LogLevel.Critical)]
    [InlineData(AlertSeverity.Warning, LogLevel.Warning)]
    [InlineData(AlertSeverity.Information, LogLevel.Information)]
    public async Task LoggerSink_Alert_LoggedAtSeverityLevel(AlertSeverity severity, LogLevel expected)
    {
        var logger = new RecordingLogger();
        var sink = AlertSinks.Logger(logger);

        await sink.AlertAsync(new Alert(severity, "Paused", "5 consecutive ACK timeouts") { Code = "pause.ConsecutiveAckTimeouts" });

        var entry = Assert.Single(logger.WithEvent(6030));
        Assert.Equal(expected, entry.Level);
        Assert.Equal("ALERT [pause.ConsecutiveAckTimeouts] Paused: 5 consecutive ACK timeouts", entry.Message);
    }

    [Fact]
    public async Task CompositeSink_OneSinkFails_OthersStillReceiveAndNoException()
    {
        var logger = new RecordingLogger();
        var first = new RecordingAlertSink();
        var failing = new RecordingAlertSink { Throw = new HttpRequestException("503") };
        var last = new RecordingAlertSink();
        var composite = AlertSinks.Composite([first, failing, last], logger);

        await composite.AlertAsync(new Alert(AlertSeverity.Critical, "t", "d"));

        Assert.Single(first.Alerts);
        Assert.Single(last.Alerts);
        var failure = Assert.Single(logger.WithEvent(6031));
        Assert.Contains("HttpRequestException", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompositeSink_SinkThrowsSynchronously_OthersStillReceive()
    {
        var last = new RecordingAlertSink();
        var composite = AlertSinks.Composite([new ThrowingSink(), last]);

        await composite.AlertAsync(new Alert(AlertSeverity.Warning, "t", "d"));

        Assert.Single(last.Alerts);
    }

    [Fact]
    public void Composite_NullSink_Throws()
    {
        Assert.Throws<ArgumentException>(() => AlertSinks.Composite([new RecordingAlertSink(), null!]));
    }

    [Fact]
    public void FromOptions_WebhookAndCommand_CompositeOfThree()
    {
        var options = new AlertOptions { WebhookUrl = new Uri("http://127.0.0.1:9/alerts"), Command = "/bin/true" };
        using var client = new HttpClient();

        var sink = Assert.IsType<CompositeAlertSink>(AlertSinks.FromOptions(options, client));

        Assert.Collection(
            sink.Sinks,
            s => Assert.IsType<LoggerAlertSink>(s),
            s => Assert.IsType<WebhookAlertSink>(s),
            s => Assert.IsType<CommandAlertSink>(s));
    }

    [Fact]
    public void FromOptions_WebhookWithoutClient_Throws()
    {
        var options = new AlertOptions { WebhookUrl = new Uri("http://127.0.0.1:9/alerts") };

        Assert.Throws<ArgumentNullException>(() => AlertSinks.FromOptions(options));
    }

    private sealed class ThrowingSink : IAlertSink
    {
        public ValueTask AlertAsync(Alert alert, CancellationToken cancellationToken = default) => throw new InvalidOperationException("sync failure");
    }
}
