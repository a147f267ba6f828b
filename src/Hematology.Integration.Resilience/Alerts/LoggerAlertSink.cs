using Microsoft.Extensions.Logging;

namespace Hematology.Integration.Resilience;

/// <summary>Writes alerts to the log: critical alerts at <see cref="LogLevel.Critical"/>.</summary>
internal sealed class LoggerAlertSink(ILogger logger) : IAlertSink
{
    public ValueTask AlertAsync(Alert alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var level = alert.Severity switch
        {
            AlertSeverity.Critical => LogLevel.Critical,
            AlertSeverity.Warning => LogLevel.Warning,
            _ => LogLevel.Information,
        };
        ResilienceLog.AlertRaised(logger, level, alert.Code ?? "-", alert.Title, alert.Detail);
        return ValueTask.CompletedTask;
    }
}
