namespace Hematology.Integration.Resilience;

/// <summary>Options of the delivery policy: how many times, and how patiently, each outcome is retried.</summary>
public sealed class DeliveryPolicyOptions
{
    /// <summary>Gets or sets how many times a message is resent after an ACK timeout before it is quarantined under <c>ack_timeout</c>.</summary>
    /// <value>The default is 2 (three attempts in all), as the source design asks.</value>
    public int AckTimeoutRetries { get; set; } = ResilienceDefaults.AckTimeoutRetries;

    /// <summary>Gets or sets how many times a message is resent after AE/CE before it is quarantined under <c>application_error</c>.</summary>
    /// <value>The default is 2. Zero quarantines on the first AE.</value>
    public int ApplicationErrorRetries { get; set; } = ResilienceDefaults.ApplicationErrorRetries;

    /// <summary>
    /// Gets or sets how many times a message is resent after a reply that is not a matching ACK (unframed, unparseable,
    /// MSA-2 ≠ MSH-10) before it is quarantined under <c>protocol_error</c>.
    /// </summary>
    /// <value>The default is 2.</value>
    public int ProtocolErrorRetries { get; set; } = ResilienceDefaults.ProtocolErrorRetries;

    /// <summary>
    /// Gets or sets the first retry delay after an ACK timeout, AE/CE or protocol error; each further retry of the same
    /// outcome doubles it (exponential backoff), then jitter is applied.
    /// </summary>
    /// <value>The default is 1 second (so about 1 s, then 2 s).</value>
    public TimeSpan RetryBaseDelay { get; set; } = ResilienceDefaults.RetryBaseDelay;

    /// <summary>
    /// Gets or sets the first retry delay after a connection failure (connect failed, connection closed, send failed);
    /// each consecutive connection failure doubles it, up to <see cref="MaxConnectionRetryDelay"/>.
    /// </summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan ConnectionRetryBaseDelay { get; set; } = ResilienceDefaults.ConnectionRetryBaseDelay;

    /// <summary>Gets or sets the cap of the connection-failure backoff.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan MaxConnectionRetryDelay { get; set; } = ResilienceDefaults.MaxConnectionRetryDelay;

    /// <summary>
    /// Gets or sets how many connection failures one message tolerates before the policy returns
    /// <see cref="DeliveryDecisionKind.Deferred"/> (the message stays in the outbox). A destination that is down is
    /// never the message's fault, so connection failures never quarantine.
    /// </summary>
    /// <value>The default is <see langword="null"/>: retry until delivered or cancelled.</value>
    public int? MaxConnectionRetries { get; set; }

    /// <summary>
    /// Gets or sets the jitter: each delay is multiplied by a random factor in [1 − jitter, 1 + jitter], so that
    /// several senders do not retry in lockstep. Below 1/3 the backoff still grows strictly from one retry to the next.
    /// </summary>
    /// <value>The default is 0.2 (±20 %). Zero disables jitter.</value>
    public double JitterFactor { get; set; } = ResilienceDefaults.JitterFactor;
}
