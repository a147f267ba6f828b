using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Hematology.Integration.Resilience;

/// <summary>
/// The delivery policy on a Polly.Core retry pipeline: per-outcome retry budgets, exponential backoff with jitter,
/// capped backoff for connection failures, and a circuit breaker per destination.
/// </summary>
internal sealed class DeliveryPolicy : IDeliveryPolicy
{
    private static readonly ResiliencePropertyKey<Execution> ExecutionKey = new("Hematology.Integration.Delivery");

    private readonly DeliveryPolicyOptions _options;
    private readonly CircuitBreakerOptions _breakerOptions;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Func<double> _random;
    private readonly ResiliencePipeline<DeliveryResult> _pipeline;
    private readonly ConcurrentDictionary<string, DestinationCircuitBreaker> _breakers = new(StringComparer.Ordinal);

    /// <param name="options">The delivery options (validated by the caller).</param>
    /// <param name="breakerOptions">The circuit breaker options (validated by the caller).</param>
    /// <param name="timeProvider">The clock for backoff delays and the breaker.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="random">A source of numbers in [0, 1) for jitter; tests pass a fixed one.</param>
    public DeliveryPolicy(DeliveryPolicyOptions options, CircuitBreakerOptions breakerOptions, TimeProvider timeProvider, ILogger logger, Func<double>? random = null)
    {
        _options = options;
        _breakerOptions = breakerOptions;
        _timeProvider = timeProvider;
        _logger = logger;
        _random = random ?? Random.Shared.NextDouble;
        _pipeline = new ResiliencePipelineBuilder<DeliveryResult> { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions<DeliveryResult>
            {
                Name = "hematology-delivery",
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = args => new ValueTask<bool>(args.Outcome.Exception is null && Get(args.Context).ShouldRetry()),
                DelayGenerator = args => new ValueTask<TimeSpan?>(NextDelay(Get(args.Context))),
                OnRetry = args =>
                {
                    var execution = Get(args.Context);
                    ResilienceLog.RetryScheduled(_logger, execution.Destination, execution.Last!.Kind, execution.Attempts + 1, args.RetryDelay);
                    return default;
                },
            })
            .Build();
    }

    public CircuitBreakerSnapshot GetCircuit(string destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return _breakers.TryGetValue(destination, out var breaker)
            ? breaker.Snapshot()
            : new CircuitBreakerSnapshot(destination, CircuitState.Closed, 0, null, 0);
    }

    public async ValueTask<DeliveryDecision> ExecuteAsync(
        string destination,
        Func<DeliveryAttemptArguments, ValueTask<DeliveryResult>> send,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        ArgumentNullException.ThrowIfNull(send);
        cancellationToken.ThrowIfCancellationRequested();

        var breaker = _breakers.GetOrAdd(destination, static (name, self) => new DestinationCircuitBreaker(name, self._breakerOptions, self._timeProvider, self._logger), this);
        var execution = new Execution(destination, send, breaker, _options, _timeProvider);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(ExecutionKey, execution);
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static (ctx, state) => state.AttemptAsync(ctx.CancellationToken),
                context,
                execution).ConfigureAwait(false);
            outcome.ThrowIfException();
            return execution.Decide();
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Exponential backoff: base × 2^exponent, capped, times a jitter factor in [1 − jitter, 1 + jitter].</summary>
    internal static TimeSpan Backoff(TimeSpan baseDelay, int exponent, TimeSpan cap, double jitter, double random)
    {
        var ticks = baseDelay.Ticks * Math.Pow(2, Math.Clamp(exponent, 0, 30));
        ticks = Math.Min(ticks, cap.Ticks);
        ticks *= 1 + (jitter * ((2 * Math.Clamp(random, 0, 1)) - 1));
        return TimeSpan.FromTicks((long)Math.Max(0, ticks));
    }

    private static Execution Get(ResilienceContext context) => context.Properties.GetValue(ExecutionKey, null!);

    private TimeSpan NextDelay(Execution execution)
    {
        var (baseDelay, exponent, cap) = execution.Last!.Kind switch
        {
            DeliveryOutcomeKind.ApplicationError => (_options.RetryBaseDelay, execution.ApplicationErrors - 1, ResilienceDefaults.MaxDelay),
            DeliveryOutcomeKind.AckTimeout => (_options.RetryBaseDelay, execution.AckTimeouts - 1, ResilienceDefaults.MaxDelay),
            DeliveryOutcomeKind.ProtocolError => (_options.RetryBaseDelay, execution.ProtocolErrors - 1, ResilienceDefaults.MaxDelay),
            _ => (_options.ConnectionRetryBaseDelay, execution.ConsecutiveConnectionFailures - 1, _options.MaxConnectionRetryDelay),
        };
        return Backoff(baseDelay, exponent, cap, _options.JitterFactor, _random());
    }

    /// <summary>The state of one message's attempts, carried through the Polly context.</summary>
    private sealed class Execution(
        string destination,
        Func<DeliveryAttemptArguments, ValueTask<DeliveryResult>> send,
        DestinationCircuitBreaker breaker,
        DeliveryPolicyOptions options,
        TimeProvider timeProvider)
    {
        public string Destination => destination;

        public int Attempts { get; private set; }

        public int AckTimeouts { get; private set; }

        public int ApplicationErrors { get; private set; }

        public int ProtocolErrors { get; private set; }

        public int ConnectionFailures { get; private set; }

        public int ConsecutiveConnectionFailures { get; private set; }

        public DeliveryResult? Last { get; private set; }

        public async ValueTask<Outcome<DeliveryResult>> AttemptAsync(CancellationToken cancellationToken)
        {
            await breaker.WaitForPermissionAsync(cancellationToken).ConfigureAwait(false);
            Attempts++;
            DeliveryResult result;
            var started = timeProvider.GetTimestamp();
            try
            {
                result = await send(new DeliveryAttemptArguments(destination, Attempts, cancellationToken)).ConfigureAwait(false)
                    ?? throw new InvalidOperationException("The send callback returned no result.");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                // The exception's type names the failure; its message may carry payload text, so it is not kept.
                result = new DeliveryResult(DeliveryOutcomeKind.SendFailed, null, timeProvider.GetElapsedTime(started), "the sender threw " + ex.GetType().Name);
            }

            Record(result);
            return Outcome.FromResult(result);
        }

        public bool ShouldRetry() => Last!.Kind switch
        {
            DeliveryOutcomeKind.Accepted or DeliveryOutcomeKind.Rejected => false,
            DeliveryOutcomeKind.ApplicationError => ApplicationErrors <= options.ApplicationErrorRetries,
            DeliveryOutcomeKind.AckTimeout => AckTimeouts <= options.AckTimeoutRetries,
            DeliveryOutcomeKind.ProtocolError => ProtocolErrors <= options.ProtocolErrorRetries,
            _ => options.MaxConnectionRetries is not { } max || ConnectionFailures <= max,
        };

        public DeliveryDecision Decide() => Last!.Kind switch
        {
            DeliveryOutcomeKind.Accepted => new DeliveryDecision(DeliveryDecisionKind.Delivered, Last, Attempts, null),
            DeliveryOutcomeKind.Rejected => Quarantine(DeliveryQuarantineReasons.Rejected),
            DeliveryOutcomeKind.ApplicationError => Quarantine(DeliveryQuarantineReasons.ApplicationError),
            DeliveryOutcomeKind.AckTimeout => Quarantine(DeliveryQuarantineReasons.AckTimeout),
            DeliveryOutcomeKind.ProtocolError => Quarantine(DeliveryQuarantineReasons.ProtocolError),
            _ => new DeliveryDecision(DeliveryDecisionKind.Deferred, Last, Attempts, null),
        };

        private DeliveryDecision Quarantine(string reason) => new(DeliveryDecisionKind.Quarantine, Last!, Attempts, reason);

        private void Record(DeliveryResult result)
        {
            Last = result;
            if (!result.IsConnectionFailure)
            {
                ConsecutiveConnectionFailures = 0;
            }

            switch (result.Kind)
            {
                case DeliveryOutcomeKind.Accepted:
                case DeliveryOutcomeKind.Rejected:
                    breaker.RecordSuccess();
                    break;
                case DeliveryOutcomeKind.ApplicationError:
                    ApplicationErrors++;
                    breaker.RecordSuccess();
                    break;
                case DeliveryOutcomeKind.AckTimeout:
                    AckTimeouts++;
                    if (AckTimeouts > options.AckTimeoutRetries)
                    {
                        breaker.RecordFailure();
                    }

                    break;
                case DeliveryOutcomeKind.ProtocolError:
                    ProtocolErrors++;
                    if (ProtocolErrors > options.ProtocolErrorRetries)
                    {
                        breaker.RecordFailure();
                    }

                    break;
                default:
                    ConnectionFailures++;
                    ConsecutiveConnectionFailures++;
                    breaker.RecordFailure();
                    break;
            }
        }
    }
}
