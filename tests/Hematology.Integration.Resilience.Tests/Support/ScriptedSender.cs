using Hematology.Integration.Testing;

namespace Hematology.Integration.Resilience.Tests.Support;

/// <summary>A send callback that answers from a script and records when (on the fake clock) each attempt was made.</summary>
internal sealed class ScriptedSender(FakeTimeProvider clock, params DeliveryOutcomeKind[] script)
{
    private readonly Lock _gate = new();

    public List<DateTimeOffset> AttemptTimes { get; } = [];

    public List<int> AttemptNumbers { get; } = [];

    /// <summary>Gets or sets the outcome once the script is exhausted.</summary>
    public DeliveryOutcomeKind Then { get; set; } = DeliveryOutcomeKind.Accepted;

    public int Calls
    {
        get
        {
            lock (_gate)
            {
                return AttemptTimes.Count;
            }
        }
    }

    public ValueTask<DeliveryResult> SendAsync(DeliveryAttemptArguments args)
    {
        lock (_gate)
        {
            var index = AttemptTimes.Count;
            AttemptTimes.Add(clock.GetUtcNow());
            AttemptNumbers.Add(args.Attempt);
            var kind = index < script.Length ? script[index] : Then;
            return ValueTask.FromResult(Result(kind));
        }
    }

    public IReadOnlyList<TimeSpan> Gaps() => AttemptTimes.Zip(AttemptTimes.Skip(1), (a, b) => b - a).ToList();

    public static DeliveryResult Result(DeliveryOutcomeKind kind, TimeSpan? latency = null) => kind switch
    {
        DeliveryOutcomeKind.Accepted => new DeliveryResult(kind, "AA", latency ?? TimeSpan.FromMilliseconds(20), "accepted"),
        DeliveryOutcomeKind.ApplicationError => new DeliveryResult(kind, "AE", latency ?? TimeSpan.FromMilliseconds(20), "ERR-3 207"),
        DeliveryOutcomeKind.Rejected => new DeliveryResult(kind, "AR", latency ?? TimeSpan.FromMilliseconds(20), "ERR-3 200"),
        _ => new DeliveryResult(kind, null, latency ?? TimeSpan.FromSeconds(10), kind.ToString()),
    };
}
