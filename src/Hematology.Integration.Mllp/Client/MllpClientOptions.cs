namespace Hematology.Integration.Mllp;

/// <summary>Options of an MLLP sender: one destination, one persistent connection.</summary>
public sealed class MllpClientOptions
{
    /// <summary>Gets or sets the receiver's host name or IP address.</summary>
    /// <value>The default is <see langword="null"/>; it must be set.</value>
    public string? Host { get; set; }

    /// <summary>Gets or sets the receiver's TCP port.</summary>
    /// <value>The default is 2575 (the IANA "hl7" port).</value>
    public int Port { get; set; } = MllpDefaults.Port;

    /// <summary>Gets or sets how long one connection attempt (TCP and TLS handshake) may take.</summary>
    /// <value>The default is 5 seconds.</value>
    public TimeSpan ConnectTimeout { get; set; } = MllpDefaults.ConnectTimeout;

    /// <summary>Gets or sets how long to wait for the ACK after the last byte is sent (the write itself is bounded by the same value).</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan AckTimeout { get; set; } = MllpDefaults.AckTimeout;

    /// <summary>Gets or sets how many connection attempts one send makes before it reports <see cref="MllpOutcome.ConnectFailed"/>.</summary>
    /// <value>The default is 3.</value>
    public int ConnectAttempts { get; set; } = MllpDefaults.ConnectAttempts;

    /// <summary>Gets or sets the wait before the second connection attempt; it doubles for each further attempt.</summary>
    /// <value>The default is 500 milliseconds.</value>
    public TimeSpan ReconnectDelay { get; set; } = MllpDefaults.ReconnectDelay;

    /// <summary>Gets or sets the longest wait between connection attempts.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan MaxReconnectDelay { get; set; } = MllpDefaults.MaxReconnectDelay;

    /// <summary>Gets or sets whether TCP keep-alive probes are sent on an idle connection.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool KeepAlive { get; set; } = true;

    /// <summary>Gets or sets the idle time before the first keep-alive probe (whole seconds).</summary>
    /// <value>The default is 60 seconds.</value>
    public TimeSpan KeepAliveTime { get; set; } = MllpDefaults.KeepAliveTime;

    /// <summary>Gets or sets the interval between keep-alive probes (whole seconds).</summary>
    /// <value>The default is 15 seconds.</value>
    public TimeSpan KeepAliveInterval { get; set; } = MllpDefaults.KeepAliveInterval;

    /// <summary>Gets or sets how many unanswered probes close the connection.</summary>
    /// <value>The default is 3.</value>
    public int KeepAliveRetryCount { get; set; } = MllpDefaults.KeepAliveRetryCount;

    /// <summary>Gets or sets the largest ACK frame accepted, in bytes.</summary>
    /// <value>The default is 1 MiB.</value>
    public int MaxFrameSize { get; set; } = MllpDefaults.MaxFrameSize;

    /// <summary>Gets or sets the character set used to encode string messages and decode ACKs (a .NET/IANA name; not UTF-16/32).</summary>
    /// <value>The default is <c>utf-8</c>.</value>
    public string Encoding { get; set; } = MllpDefaults.EncodingName;

    /// <summary>Gets or sets whether MSH-18 (UNICODE UTF-8, 8859/1, ASCII) chooses the character set instead of <see cref="Encoding"/>.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool UseMessageCharset { get; set; }

    /// <summary>Gets the TLS settings.</summary>
    /// <value>The default is TLS disabled.</value>
    public MllpClientTlsOptions Tls { get; set; } = new();

    /// <summary>
    /// Gets or sets whether messages and ACKs are written to the log (at Trace level). They contain patient data (PHI):
    /// never enable this in production.
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool LogPayloads { get; set; }
}
