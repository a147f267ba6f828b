using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hematology.Integration.Testing.Peers;

/// <summary>
/// A self-signed server certificate generated at test time (RSA 2048, subject alternative names IP 127.0.0.1 and
/// DNS localhost), written as PEM files the FTP servers read. Tests pin it by <see cref="Sha256Thumbprint"/> or trust
/// it through <see cref="CertificateFile"/> (curl's <c>--cacert</c>).
/// </summary>
public sealed class FtpTestCertificate : IDisposable
{
    private FtpTestCertificate(X509Certificate2 certificate, string certificateFile, string keyFile, string combinedFile)
    {
        Certificate = certificate;
        CertificateFile = certificateFile;
        KeyFile = keyFile;
        CombinedFile = combinedFile;
        Sha256Thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
    }

    /// <summary>Gets the certificate (public part).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Gets the SHA-256 thumbprint of the certificate, upper-case hexadecimal without separators.</summary>
    public string Sha256Thumbprint { get; }

    /// <summary>Gets the PEM file holding the certificate.</summary>
    public string CertificateFile { get; }

    /// <summary>Gets the PEM file holding the private key (PKCS#8).</summary>
    public string KeyFile { get; }

    /// <summary>Gets the PEM file holding the certificate followed by the key (pyftpdlib, pure-ftpd).</summary>
    public string CombinedFile { get; }

    /// <summary>Generates a certificate and writes its PEM files into <paramref name="folder"/>.</summary>
    /// <param name="folder">An existing folder.</param>
    /// <returns>The certificate.</returns>
    public static FtpTestCertificate Create(string folder)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var withKey = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));
        var certificatePem = withKey.ExportCertificatePem();
        var keyPem = rsa.ExportPkcs8PrivateKeyPem();
        var certificateFile = Path.Combine(folder, "server.crt");
        var keyFile = Path.Combine(folder, "server.key");
        var combinedFile = Path.Combine(folder, "server.pem");
        File.WriteAllText(certificateFile, certificatePem + "\n");
        File.WriteAllText(keyFile, keyPem + "\n");
        File.WriteAllText(combinedFile, certificatePem + "\n" + keyPem + "\n");
        UnixModes.Set(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        UnixModes.Set(combinedFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var publicOnly = X509CertificateLoader.LoadCertificate(withKey.RawData);
        return new FtpTestCertificate(publicOnly, certificateFile, keyFile, combinedFile);
    }

    /// <inheritdoc />
    public void Dispose() => Certificate.Dispose();
}
