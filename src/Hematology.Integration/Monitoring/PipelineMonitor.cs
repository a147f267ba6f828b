using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Hematology.Integration.Pipeline;
using Hematology.Integration.Resilience;
using Hematology.Integration.Spool;
using Hematology.Integration.Validation;

namespace Hematology.Integration.Monitoring;

/// <summary>What the runner, the file processor and the dispatchers tell the monitor.</summary>
internal interface IPipelineObserver
{
    void RunnerStarted(IEnumerable<AnalyzerId> analyzers);

    /// <summary>The runner stopped: the host is stopping, or <paramref name="error"/> stopped it.</summary>
    void RunnerStopped(Exception? error = null);

    void PollStarted(AnalyzerId analyzer);

    /// <summary>A poll ended; <paramref name="acquired"/> is how many files it took, or -1 when it failed; <paramref name="pending"/> how many it saw but left (not yet stable).</summary>
    void PollCompleted(AnalyzerId analyzer, int acquired, int pending = 0);

    void FilesAcquired(int count);

    void FileSettled(FileOutcome outcome);

    void MessageSettled(MessageSettled message);

    /// <summary>
    /// A dispatcher starts moving messages out of the outbox (to sent/ or quarantine/); <see cref="SettlingEnded"/>
    /// follows once it has reported each of them with <see cref="MessageSettled"/>. Until then the pipeline is not idle,
    /// although the outbox may already be empty.
    /// </summary>
    void SettlingStarted();

    /// <summary>The settling begun by <see cref="SettlingStarted"/> is over (reported, or failed).</summary>
    void SettlingEnded();
}

/// <summary>The default <see cref="IPipelineMonitor"/>: counters, subscribers and the idle condition.</summary>
internal sealed class PipelineMonitor(DurableSpool spool, IEmergencyPause pause, IDeliveryPolicy policy, IReadOnlyList<string> destinations, TimeProvider timeProvider)
    : IPipelineMonitor, IPipelineObserver
{
    private enum PollState
    {
        NotYet,
        Polling,
        HadFiles,
        Failed,
        Empty,
    }

    private readonly Lock _gate = new();
    private readonly Dictionary<AnalyzerId, PollState> _polls = [];
    private readonly List<Channel<PipelineActivity>> _watchers = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _running;
    private bool _stopped;
    private Exception? _error;
    private int _inProgress;
    private int _settling;
    private long _filesSettled;
    private long _filesAccepted;
    private long _filesWithRejectedRows;
    private long _filesRejected;
    private long _results;
    private long _rowsRejected;
    private long _queued;
    private long _delivered;
    private long _quarantined;

    public PipelineSnapshot GetSnapshot()
    {
        var state = pause.State;
        lock (_gate)
        {
            return new PipelineSnapshot
            {
                Running = _running,
                Paused = state.IsPaused,
                PauseReason = state.IsPaused ? state.Reason ?? state.Trigger?.ToString() : null,
                OutboxDepth = spool.CountOutbox(),
                FilesInProgress = _inProgress,
                OpenCircuits = [.. destinations.Where(d => policy.GetCircuit(d).State == CircuitState.Open)],
                FilesSettled = _filesSettled,
                FilesAccepted = _filesAccepted,
                FilesWithRejectedRows = _filesWithRejectedRows,
                FilesRejected = _filesRejected,
                ResultsAccepted = _results,
                RowsRejected = _rowsRejected,
                MessagesQueued = _queued,
                MessagesDelivered = _delivered,
                MessagesQuarantined = _quarantined,
            };
        }
    }

    public async IAsyncEnumerable<PipelineActivity> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<PipelineActivity>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            _watchers.Add(channel);
        }

        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var activity))
                {
                    yield return activity;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(channel);
            }
        }
    }

    public async Task WaitForIdleAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            if (IsIdle())
            {
                return;
            }

            ThrowIfStopped();

            // Woken by every change; the periodic look also sees outboxes emptied by an operator.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(TimeSpan.FromMilliseconds(250), timeProvider, timeout.Token);
            await Task.WhenAny(changed, delay).WaitAsync(cancellationToken).ConfigureAwait(false);
            await timeout.CancelAsync().ConfigureAwait(false);
        }
    }

    internal bool IsIdle()
    {
        lock (_gate)
        {
            if (!_running || _inProgress > 0 || _settling > 0 || _polls.Values.Any(s => s != PollState.Empty))
            {
                return false;
            }
        }

        return spool.CountOutbox() == 0;
    }

    public void RunnerStarted(IEnumerable<AnalyzerId> analyzers)
    {
        lock (_gate)
        {
            _running = true;
            _stopped = false;
            _error = null;
            _polls.Clear();
            foreach (var analyzer in analyzers)
            {
                _polls[analyzer] = PollState.NotYet;
            }
        }

        Signal();
    }

    public void RunnerStopped(Exception? error = null)
    {
        lock (_gate)
        {
            _running = false;
            _stopped = true;
            _error = error;
        }

        Signal();
    }

    private void ThrowIfStopped()
    {
        lock (_gate)
        {
            if (_stopped && !_running)
            {
                throw _error is null
                    ? new InvalidOperationException("The pipeline stopped before it was idle (the host is shutting down).")
                    : new InvalidOperationException("The pipeline stopped on an error before it was idle: " + _error.Message, _error);
            }
        }
    }

    public void PollStarted(AnalyzerId analyzer)
    {
        lock (_gate)
        {
            _polls[analyzer] = PollState.Polling;
        }
    }

    public void PollCompleted(AnalyzerId analyzer, int acquired, int pending = 0)
    {
        lock (_gate)
        {
            _polls[analyzer] = acquired switch
            {
                < 0 => PollState.Failed,
                0 when pending == 0 => PollState.Empty,
                _ => PollState.HadFiles,
            };
        }

        Signal();
    }

    public void FilesAcquired(int count)
    {
        lock (_gate)
        {
            _inProgress += count;
        }
    }

    public void FileSettled(FileOutcome outcome)
    {
        var activity = new FileSettled
        {
            At = timeProvider.GetUtcNow(),
            AnalyzerId = outcome.File.AnalyzerId.Value,
            FileName = outcome.File.SourceName,
            Sha256 = outcome.File.Sha256.Hex,
            CorrelationId = outcome.File.CorrelationId.Value,
            Verdict = outcome.Verdict,
            Results = outcome.ResultCount,
            RejectedRows = outcome.RejectedRows,
            MessagesQueued = outcome.MessagesQueued,
            IssueCode = outcome.IssueCode,
        };
        lock (_gate)
        {
            _inProgress = Math.Max(0, _inProgress - 1);
            _filesSettled++;
            switch (outcome.Verdict)
            {
                case FileVerdict.Accepted:
                    _filesAccepted++;
                    break;
                case FileVerdict.AcceptedWithRejectedRows:
                    _filesWithRejectedRows++;
                    break;
                default:
                    _filesRejected++;
                    break;
            }

            _results += outcome.ResultCount;
            _rowsRejected += outcome.RejectedRows;
            _queued += outcome.MessagesQueued;
        }

        Publish(activity);
    }

    public void MessageSettled(MessageSettled message)
    {
        lock (_gate)
        {
            if (message.Disposition == MessageDisposition.Delivered)
            {
                _delivered++;
            }
            else
            {
                _quarantined++;
            }
        }

        Publish(message);
    }

    public void SettlingStarted()
    {
        lock (_gate)
        {
            _settling++;
        }
    }

    public void SettlingEnded()
    {
        lock (_gate)
        {
            _settling = Math.Max(0, _settling - 1);
        }

        Signal();
    }

    private void Publish(PipelineActivity activity)
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryWrite(activity);
            }
        }

        Signal();
    }

    private void Signal()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}
