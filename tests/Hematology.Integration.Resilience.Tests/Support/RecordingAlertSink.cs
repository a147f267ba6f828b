using System.Collections.Concurrent;

namespace Hematology.Integration.Resilience.Tests.Support;

/// <summary>An alert sink and pause listener that keep what they receive.</summary>
internal sealed class RecordingAlertSink : IAlertSink, IPauseListener
{
    public ConcurrentQueue<Alert> Alerts { get; } = new();

    public ConcurrentQueue<PauseStateChange> Changes { get; } = new();

    public Exception? Throw { get; set; }

    public ValueTask AlertAsync(Alert alert, CancellationToken cancellationToken = default)
    {
        if (Throw is not null)
        {
            return ValueTask.FromException(Throw);
        }

        Alerts.Enqueue(alert);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnPauseStateChangedAsync(PauseStateChange change, CancellationToken cancellationToken)
    {
        if (Throw is not null)
        {
            return ValueTask.FromException(Throw);
        }

        Changes.Enqueue(change);
        return ValueTask.CompletedTask;
    }
}
