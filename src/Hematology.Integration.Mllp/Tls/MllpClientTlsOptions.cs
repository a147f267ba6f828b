using System.Security.Cryptography.X509Certificates;

namespace Hematology.Integration.Mllp;

/// <summary>TLS for the MLLP sender. TLS 1.2 and 1.3 only; there is never a fallback to plain TCP.</summary>
public sealed class MllpClientTlsOptions
{
    /// <summary>Gets or sets whether the connection is wrapped in TLS.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Enabled { get; set; }

    /// <summary>Gets or sets the server name sent in SNI and checked against the certificate.</summary>
    /// <value>The default is <see langword="null"/>: the destination host.</value>
    public string? TargetHost { get; set; }

    /// <summary>
    /// Gets the SHA-256 thumbprints (hex, colons and spaces ignored) of the server certificates to trust. When the list is
    /// not empty, the server's certificate must be one of them (chain and name are not checked: the pin is the trust);
    /// when it is empty, the system's trust store and the name check decide.
    /// </summary>
    /// <value>The default is an empty list.</value>
    public IList<string> PinnedServerCertificates { get; } = [];

    /// <summary>Gets or sets a client certificate (with its private key) to present, set in code.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>Gets or sets the path of a client certificate file: PKCS#12 (<c>.pfx</c>/<c>.p12</c>) or PEM (with <see cref="ClientCertificateKeyPath"/>).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? ClientCertificatePath { get; set; }

    /// <summary>Gets or sets the PEM private key file of <see cref="ClientCertificatePath"/>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? ClientCertificateKeyPath { get; set; }

    /// <summary>Gets or sets the password of the PKCS#12 file.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? ClientCertificatePassword { get; set; }

    /// <summary>Gets or sets whether certificate revocation is checked online (off by default: LIMS networks are often closed).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool CheckCertificateRevocation { get; set; }
}
