namespace Hematology.Integration.Resilience;

/// <summary>The arguments of one send attempt the delivery policy asks the caller to make.</summary>
public readonly struct DeliveryAttemptArguments
{
    /// <summary>Initializes a new instance of the <see cref="DeliveryAttemptArguments"/> struct.</summary>
    /// <param name="destination">The destination name.</param>
    /// <param name="attempt">The attempt number, starting at 1.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    public DeliveryAttemptArguments(string destination, int attempt, CancellationToken cancellationToken)
    {
        Destination = destination;
        Attempt = attempt;
        CancellationToken = cancellationToken;
    }

    /// <summary>Gets the destination name.</summary>
    public string Destination { get; }

    /// <summary>Gets the attempt number: 1 for the first send, 2 for the first retry, and so on.</summary>
    public int Attempt { get; }

    /// <summary>Gets the token that cancels the attempt.</summary>
    public CancellationToken CancellationToken { get; }
}
