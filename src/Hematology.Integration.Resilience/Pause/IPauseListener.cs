namespace Hematology.Integration.Resilience;

/// <summary>Receives every change of the pause state, in order (the pipeline audits them with operator and reason).</summary>
public interface IPauseListener
{
    /// <summary>Called after the state changed. An exception is logged and does not undo the change.</summary>
    /// <param name="change">The change.</param>
    /// <param name="cancellationToken">Cancels the notification.</param>
    /// <returns>A task that completes when the listener is done.</returns>
    ValueTask OnPauseStateChangedAsync(PauseStateChange change, CancellationToken cancellationToken);
}

/// <summary>An automated health check that may lift a pause when <see cref="EmergencyPauseOptions.ResumeMode"/> allows it (for example, the LIMS answering a probe message).</summary>
public interface IPauseHealthCheck
{
    /// <summary>Checks whether delivery can resume.</summary>
    /// <param name="cancellationToken">Cancels the check (the pause's own time bound included).</param>
    /// <returns><see langword="true"/> when healthy.</returns>
    ValueTask<bool> IsHealthyAsync(CancellationToken cancellationToken);
}
