using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Hematology.Integration.Audit.Storage;

/// <summary>An append waiting for its batch: the event, its pre-serialized properties and the caller's completion.</summary>
internal readonly record struct PendingAppend(AuditEvent Event, byte[] EventPart, TaskCompletionSource<AuditEntry> Completion);

/// <summary>Writes a batch of appends durably, chaining each to the one before. Called from one writer loop only.</summary>
internal interface IAuditBatchSink
{
    /// <summary>Writes <paramref name="batch"/> and makes it durable; adds one committed entry per append to <paramref name="committed"/>.</summary>
    void Commit(IReadOnlyList<PendingAppend> batch, List<AuditEntry> committed);
}

/// <summary>
/// Group commit: callers enqueue, one writer loop takes everything waiting (up to a batch size), writes it with one
/// flush, then completes every waiter of the batch. After an I/O error the queue is faulted: the failed batch and
/// everything after it fail, and the trail must be reopened (which repairs a torn tail).
/// </summary>
internal sealed partial class GroupCommitQueue : IAsyncDisposable
{
    private readonly Channel<PendingAppend> _channel = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = false,
        AllowSynchronousContinuations = false,
    });

    private const int MaxLingerYields = 64;
    private readonly IAuditBatchSink _sink;
    private readonly int _maxBatchSize;
    private readonly ILogger _logger;
    private readonly string _name;
    private readonly Task _loop;
    private volatile Exception? _fault;

    public GroupCommitQueue(IAuditBatchSink sink, int maxBatchSize, ILogger logger, string name)
    {
        _sink = sink;
        _maxBatchSize = maxBatchSize;
        _logger = logger;
        _name = name;
        _loop = Task.Run(RunAsync);
    }

    public ValueTask<AuditEntry> EnqueueAsync(AuditEvent auditEvent, byte[] eventPart, CancellationToken cancellationToken)
    {
        if (_fault is { } fault)
        {
            throw new AuditTrailException($"The audit trail {_name} stopped after a write error; reopen it.", fault);
        }

        var completion = new TaskCompletionSource<AuditEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_channel.Writer.TryWrite(new PendingAppend(auditEvent, eventPart, completion)))
        {
            throw new AuditTrailException($"The audit trail {_name} is closed.");
        }

        return new ValueTask<AuditEntry>(cancellationToken.CanBeCanceled ? completion.Task.WaitAsync(cancellationToken) : completion.Task);
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var reader = _channel.Reader;
        var batch = new List<PendingAppend>(Math.Min(_maxBatchSize, 4096));
        var committed = new List<AuditEntry>(batch.Capacity);
        var lastBatch = 1;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _maxBatchSize && reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            // The waiters of the last batch are usually about to append again: give them a moment (a bounded
            // number of yields, no clock) so they share this flush instead of waiting for the next one.
            var target = Math.Min(lastBatch, _maxBatchSize);
            for (var spins = 0; batch.Count < target && spins < MaxLingerYields; spins++)
            {
                if (reader.TryRead(out var late))
                {
                    batch.Add(late);
                }
                else
                {
                    Thread.Yield();
                }
            }

            lastBatch = batch.Count;

            if (_fault is not null)
            {
                Fail(batch, _fault);
                batch.Clear();
                continue;
            }

            committed.Clear();
            try
            {
                _sink.Commit(batch, committed);
            }
            catch (Exception ex)
            {
                // Whatever failed, the batch is not known to be durable: fail its waiters and stop, never hang them.
                _fault = ex;
                LogWriteFailed(_logger, ex, _name, batch.Count);
                Fail(batch, ex);
                batch.Clear();
                continue;
            }

            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(committed[i]);
            }

            batch.Clear();
        }
    }

    private void Fail(List<PendingAppend> batch, Exception cause)
    {
        var error = new AuditTrailException($"The audit trail {_name} could not write; the event was not recorded. Reopen the trail.", cause);
        foreach (var pending in batch)
        {
            pending.Completion.TrySetException(error);
        }
    }

    [LoggerMessage(EventId = 5003, Level = LogLevel.Critical, Message = "Audit trail {Trail} failed to write a batch of {Count} event(s); the trail stops accepting events until reopened")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string trail, int count);
}
