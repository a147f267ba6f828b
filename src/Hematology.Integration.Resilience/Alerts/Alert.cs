namespace Hematology.Integration.Resilience;

/// <summary>How urgent an alert is.</summary>
public enum AlertSeverity
{
    /// <summary>For information (for example, a pause was lifted).</summary>
    Information,

    /// <summary>Something needs attention soon.</summary>
    Warning,

    /// <summary>Someone must act now (for example, the pipeline paused and results are not reaching the LIMS).</summary>
    Critical,
}

/// <summary>An alert for operators. It never carries patient data.</summary>
/// <param name="Severity">How urgent it is.</param>
/// <param name="Title">A one-line summary.</param>
/// <param name="Detail">What happened and what to do, without patient data.</param>
public sealed record Alert(AlertSeverity Severity, string Title, string Detail)
{
    /// <summary>Gets a stable machine-readable code such as <c>pause.ConsecutiveAckTimeouts</c>, or <see langword="null"/>.</summary>
    public string? Code { get; init; }

    /// <summary>Gets when the alert was raised.</summary>
    public DateTimeOffset Timestamp { get; init; }
}

/// <summary>Delivers alerts somewhere operators will see them (the log, a webhook, a command).</summary>
public interface IAlertSink
{
    /// <summary>Delivers one alert.</summary>
    /// <param name="alert">The alert.</param>
    /// <param name="cancellationToken">Cancels the delivery.</param>
    /// <returns>A task that completes when the alert was delivered; it faults when the delivery failed.</returns>
    ValueTask AlertAsync(Alert alert, CancellationToken cancellationToken = default);
}
