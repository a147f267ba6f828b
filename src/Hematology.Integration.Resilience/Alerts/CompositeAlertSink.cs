using Microsoft.Extensions.Logging;

namespace Hematology.Integration.Resilience;

/// <summary>Sends each alert to every sink; a failing sink is logged and never stops the others.</summary>
internal sealed class CompositeAlertSink(IReadOnlyList<IAlertSink> sinks, ILogger logger) : IAlertSink
{
    public IReadOnlyList<IAlertSink> Sinks => sinks;

    public async ValueTask AlertAsync(Alert alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var tasks = new Task[sinks.Count];
        for (var i = 0; i < sinks.Count; i++)
        {
            tasks[i] = SendOneAsync(sinks[i], alert, cancellationToken);
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task SendOneAsync(IAlertSink sink, Alert alert, CancellationToken cancellationToken)
    {
        try
        {
            await sink.AlertAsync(alert, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller gave up; reported once by AlertAsync.
        }
        catch (Exception ex)
        {
            ResilienceLog.AlertSinkFailed(logger, sink.GetType().Name, ex.GetType().Name + ": " + ex.Message);
        }
    }
}
