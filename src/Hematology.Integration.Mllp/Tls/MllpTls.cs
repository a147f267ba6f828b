using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hematology.Integration.Mllp.Tls;

/// <summary>Certificate loading, thumbprint pinning and the TLS settings shared by the sender and the receiver.</summary>
internal static class MllpTls
{
    /// <summary>TLS 1.2 and 1.3 only.</summary>
    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>Normalises a hex thumbprint: removes colons, spaces and dashes, upper-cases.</summary>
    /// <param name="thumbprint">The thumbprint as configured.</param>
    /// <returns>The normalised thumbprint.</returns>
    public static string Normalize(string thumbprint)
        => new string(thumbprint.Where(c => c is not (':' or ' ' or '-')).ToArray()).ToUpperInvariant();

    /// <summary>Checks that a configured thumbprint is 64 hex digits.</summary>
    /// <param name="thumbprint">The thumbprint as configured.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValidThumbprint(string? thumbprint)
    {
        if (thumbprint is null)
        {
            return false;
        }

        var normalized = Normalize(thumbprint);
        return normalized.Length == 64 && normalized.All(char.IsAsciiHexDigit);
    }

    /// <summary>Computes a certificate's SHA-256 thumbprint (upper-case hex).</summary>
    /// <param name="certificate">The certificate.</param>
    /// <returns>The thumbprint.</returns>
    public static string Sha256Thumbprint(X509Certificate certificate) => Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));

    /// <summary>Decides whether a peer certificate is trusted: pinned thumbprints when configured, else the system's verdict.</summary>
    /// <param name="certificate">The peer's certificate.</param>
    /// <param name="errors">The system's verdict.</param>
    /// <param name="pins">Pinned SHA-256 thumbprints (any format).</param>
    /// <param name="reason">Why the certificate was refused.</param>
    /// <returns><see langword="true"/> when trusted.</returns>
    public static bool Validate(X509Certificate? certificate, SslPolicyErrors errors, IList<string> pins, out string? reason)
    {
        reason = null;
        if (certificate is null)
        {
            reason = "the peer presented no certificate";
            return false;
        }

        if (pins.Count > 0)
        {
            var actual = Sha256Thumbprint(certificate);
            if (pins.Any(p => string.Equals(Normalize(p), actual, StringComparison.Ordinal)))
            {
                return true;
            }

            reason = $"the certificate's SHA-256 thumbprint {actual} is not pinned";
            return false;
        }

        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        reason = $"the certificate is not trusted ({errors})";
        return false;
    }

    /// <summary>Loads a certificate with its private key from a PKCS#12 or PEM file.</summary>
    /// <param name="path">The certificate file.</param>
    /// <param name="keyPath">The PEM key file, or <see langword="null"/>.</param>
    /// <param name="password">The PKCS#12 password, or <see langword="null"/>.</param>
    /// <returns>The certificate.</returns>
    public static X509Certificate2 Load(string path, string? keyPath, string? password)
    {
        var extension = Path.GetExtension(path);
        if (extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".p12", StringComparison.OrdinalIgnoreCase))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }

        using var pem = X509Certificate2.CreateFromPemFile(path, keyPath);

        // An ephemeral PEM key cannot be used by SslStream on every platform: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
    }
}
