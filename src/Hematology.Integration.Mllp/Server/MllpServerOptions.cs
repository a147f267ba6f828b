namespace Hematology.Integration.Mllp;

/// <summary>Options of an MLLP receiver.</summary>
public sealed class MllpServerOptions
{
    /// <summary>Gets or sets the IP address to listen on (<c>0.0.0.0</c> or <c>::</c> for every interface).</summary>
    /// <value>The default is <c>127.0.0.1</c>.</value>
    public string Host { get; set; } = MllpDefaults.ServerHost;

    /// <summary>Gets or sets the TCP port; 0 picks a free port (see <see cref="MllpServer.LocalEndPoint"/>).</summary>
    /// <value>The default is 2575.</value>
    public int Port { get; set; } = MllpDefaults.Port;

    /// <summary>Gets or sets how many connections are served at once; further connections are accepted and closed at once.</summary>
    /// <value>The default is 10.</value>
    public int MaxConnections { get; set; } = MllpDefaults.MaxConnections;

    /// <summary>Gets or sets how long a connection may stay silent before the server closes it.</summary>
    /// <value>The default is 5 minutes.</value>
    public TimeSpan IdleTimeout { get; set; } = MllpDefaults.IdleTimeout;

    /// <summary>Gets or sets how long the handler may take; past it the sender gets AR with ERR-3 207 and the handler's token is cancelled.</summary>
    /// <value>The default is 3 seconds.</value>
    public TimeSpan HandlerTimeout { get; set; } = MllpDefaults.HandlerTimeout;

    /// <summary>Gets or sets the largest message accepted, in bytes; a larger frame closes the connection.</summary>
    /// <value>The default is 1 MiB.</value>
    public int MaxFrameSize { get; set; } = MllpDefaults.MaxFrameSize;

    /// <summary>Gets or sets the character set of received messages (a .NET/IANA name; not UTF-16/32). ACKs are written in UTF-8 (ASCII in practice).</summary>
    /// <value>The default is <c>utf-8</c>.</value>
    public string Encoding { get; set; } = MllpDefaults.EncodingName;

    /// <summary>Gets or sets whether MSH-18 (UNICODE UTF-8, 8859/1, ASCII) chooses the character set of a received message instead of <see cref="Encoding"/>.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool UseMessageCharset { get; set; }

    /// <summary>Gets or sets MSH-3 of the ACKs the server builds (empty: the message's MSH-5).</summary>
    /// <value>The default is empty.</value>
    public string SendingApplication { get; set; } = string.Empty;

    /// <summary>Gets or sets MSH-4 of the ACKs the server builds (empty: the message's MSH-6).</summary>
    /// <value>The default is empty.</value>
    public string SendingFacility { get; set; } = string.Empty;

    /// <summary>Gets the TLS settings.</summary>
    /// <value>The default is TLS disabled.</value>
    public MllpServerTlsOptions Tls { get; set; } = new();

    /// <summary>
    /// Gets or sets whether received messages are written to the log (at Trace level). They contain patient data (PHI):
    /// never enable this in production.
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool LogPayloads { get; set; }
}
