namespace Hematology.Integration;

/// <summary>How a destination receives messages.</summary>
public enum DestinationKind
{
    /// <summary>MLLP over TCP (optionally TLS), one message at a time, ACK per message.</summary>
    Mllp,

    /// <summary>HL7 v2 over HTTP(S): each message POSTed, the ACK in the response body.</summary>
    Http,
}

/// <summary>
/// One LIMS endpoint. Messages to it are sent one at a time, in outbox order, with the delivery policy of
/// <see cref="HematologyOptions.Resilience"/>. Credentials come from a configuration provider and are never logged.
/// </summary>
public sealed class DestinationOptions
{
    /// <summary>Gets or sets the destination's name (its outbox folder, and what analyzers refer to).</summary>
    /// <value>The default is empty (required).</value>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets the protocol.</summary>
    /// <value>The default is <see cref="DestinationKind.Mllp"/>.</value>
    public DestinationKind Kind { get; set; } = DestinationKind.Mllp;

    /// <summary>Gets or sets the MLLP host name or address.</summary>
    /// <value>The default is <see langword="null"/> (required for MLLP).</value>
    public string? Host { get; set; }

    /// <summary>Gets or sets the MLLP port.</summary>
    /// <value>The default is 2575.</value>
    public int Port { get; set; } = HematologyDefaults.MllpPort;

    /// <summary>Gets or sets the HTTP endpoint (absolute; https in production).</summary>
    /// <value>The default is <see langword="null"/> (required for HTTP).</value>
    public Uri? Url { get; set; }

    /// <summary>Gets or sets how long to wait for the ACK after a message is sent.</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan AckTimeout { get; set; } = HematologyDefaults.AckTimeout;

    /// <summary>Gets or sets how long to wait for a TCP connection (MLLP).</summary>
    /// <value>The default is 5 seconds.</value>
    public TimeSpan ConnectTimeout { get; set; } = HematologyDefaults.ConnectTimeout;

    /// <summary>Gets or sets whether MLLP runs over TLS (HTTP uses TLS whenever the URL is https).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Tls { get; set; }

    /// <summary>Gets or sets the name expected in the LIMS certificate, when it differs from <see cref="Host"/>.</summary>
    /// <value>The default is <see langword="null"/> (the host name).</value>
    public string? TlsServerName { get; set; }

    /// <summary>Gets the SHA-256 thumbprints (hex) of LIMS certificates accepted instead of system trust (MLLP).</summary>
    /// <value>The default is an empty list (system trust).</value>
    public IList<string> PinnedCertificates { get; } = [];

    /// <summary>Gets or sets a client certificate file (PFX or PEM) for mutual TLS (MLLP).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? ClientCertificatePath { get; set; }

    /// <summary>Gets or sets the client certificate's password. Never logged.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? ClientCertificatePassword { get; set; }

    /// <summary>Gets or sets the user name for HTTP Basic authentication.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Username { get; set; }

    /// <summary>Gets or sets the password for HTTP Basic authentication. Never logged.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Password { get; set; }

    /// <summary>Gets or sets a bearer token for HTTP, instead of Basic authentication. Never logged.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? BearerToken { get; set; }

    /// <summary>Returns a description without credentials, safe for logs.</summary>
    /// <returns>The destination's name and endpoint.</returns>
    public override string ToString() => Kind == DestinationKind.Http
        ? $"{Name} (http {(Url is null ? "(no url)" : new UriBuilder(Url) { UserName = string.Empty, Password = string.Empty }.Uri.GetLeftPart(UriPartial.Path))})"
        : $"{Name} (mllp{(Tls ? "+tls" : string.Empty)} {Host}:{Port})";
}
