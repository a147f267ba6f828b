using Hematology.Integration.Monitoring;

namespace Hematology.Integration.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Collects everything the pipeline's monitor reports, subscribed before the host starts: a watcher started after
/// the host (as the tests did before) can miss the first settlements when the pipeline is quick.
/// </summary>
internal sealed class ActivityRecorder : IAsyncDisposable
{
    private readonly List<PipelineActivity> _items = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ActivityRecorder(IPipelineMonitor monitor)
    {
        var enumerator = monitor.WatchAsync(_stop.Token).GetAsyncEnumerator(_stop.Token);
        var first = enumerator.MoveNextAsync(); // runs the watch up to its first wait: the subscription exists on return
        _loop = RunAsync(enumerator, first);
    }

    /// <summary>Gets what was reported so far, in order.</summary>
    public IReadOnlyList<PipelineActivity> Snapshot()
    {
        lock (_items)
        {
            return [.. _items];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunAsync(IAsyncEnumerator<PipelineActivity> enumerator, ValueTask<bool> next)
    {
        try
        {
            while (await next)
            {
                lock (_items)
                {
                    _items.Add(enumerator.Current);
                }

                next = enumerator.MoveNextAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
        finally
        {
            await enumerator.DisposeAsync();
        }
    }
}
