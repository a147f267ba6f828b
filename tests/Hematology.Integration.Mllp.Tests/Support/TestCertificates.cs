using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hematology.Integration.Mllp.Tests.Support;

/// <summary>Self-signed certificates made at test time: RSA 2048, SAN IP 127.0.0.1 and DNS localhost.</summary>
internal static class TestCertificates
{
    private static readonly Lazy<X509Certificate2> LazyServer = new(() => Create("CN=mllp-test-server", serverAuth: true));
    private static readonly Lazy<X509Certificate2> LazyOther = new(() => Create("CN=mllp-other-server", serverAuth: true));
    private static readonly Lazy<X509Certificate2> LazyClient = new(() => Create("CN=mllp-test-client", serverAuth: false));

    public static X509Certificate2 Server => LazyServer.Value;

    public static X509Certificate2 Other => LazyOther.Value;

    public static X509Certificate2 Client => LazyClient.Value;

    public static string Sha256(X509Certificate2 certificate) => Convert.ToHexString(SHA256.HashData(certificate.RawData));

    private static X509Certificate2 Create(string subject, bool serverAuth)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        // Round-trip through PKCS#12 so the private key is usable by SslStream on Linux.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
    }
}
