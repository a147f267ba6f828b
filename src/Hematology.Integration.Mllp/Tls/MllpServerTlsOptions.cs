using System.Security.Cryptography.X509Certificates;

namespace Hematology.Integration.Mllp;

/// <summary>TLS for the MLLP receiver. TLS 1.2 and 1.3 only; a plain-TCP client is refused, never served in clear.</summary>
public sealed class MllpServerTlsOptions
{
    /// <summary>Gets or sets whether connections are wrapped in TLS.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Enabled { get; set; }

    /// <summary>Gets or sets the server certificate (with its private key), set in code.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>Gets or sets the path of the server certificate file: PKCS#12 (<c>.pfx</c>/<c>.p12</c>) or PEM (with <see cref="CertificateKeyPath"/>).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? CertificatePath { get; set; }

    /// <summary>Gets or sets the PEM private key file of <see cref="CertificatePath"/>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? CertificateKeyPath { get; set; }

    /// <summary>Gets or sets the password of the PKCS#12 file.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? CertificatePassword { get; set; }

    /// <summary>Gets or sets whether clients must present a certificate.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool RequireClientCertificate { get; set; }

    /// <summary>
    /// Gets the SHA-256 thumbprints (hex) of the client certificates to accept. When empty, a client certificate must
    /// chain to the system's trust store.
    /// </summary>
    /// <value>The default is an empty list.</value>
    public IList<string> AllowedClientCertificates { get; } = [];

    /// <summary>Gets or sets how long a client may take to complete the TLS handshake.</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan HandshakeTimeout { get; set; } = MllpDefaults.TlsHandshakeTimeout;
}
