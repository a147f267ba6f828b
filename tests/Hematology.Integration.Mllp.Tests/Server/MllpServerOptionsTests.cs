using Hematology.Integration.Mllp.Tests.Support;
using Microsoft.Extensions.Options;

namespace Hematology.Integration.Mllp.Tests.Server;

public sealed class MllpServerOptionsTests
{
    [Fact]
    public void Constructor_Defaults_MatchTheDocumentedValues()
    {
        var options = new MllpServerOptions();

        Assert.Equal("127.0.0.1", options.Host);
        Assert.Equal(2575, options.Port);
        Assert.Equal(10, options.MaxConnections);
        Assert.Equal(TimeSpan.FromMinutes(5), options.IdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), options.HandlerTimeout);
        Assert.Equal(1024 * 1024, options.MaxFrameSize);
        Assert.Equal("utf-8", options.Encoding);
        Assert.False(options.UseMessageCharset);
        Assert.Empty(options.SendingApplication);
        Assert.Empty(options.SendingFacility);
        Assert.False(options.LogPayloads);
        Assert.False(options.Tls.Enabled);
        Assert.False(options.Tls.RequireClientCertificate);
        Assert.Empty(options.Tls.AllowedClientCertificates);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Tls.HandshakeTimeout);
    }

    [Fact]
    public void Validate_ValidOptions_Succeeds()
    {
        Assert.True(new MllpServerOptionsValidator().Validate(null, new MllpServerOptions()).Succeeded);
    }

    [Fact]
    public void Validate_ValidTlsOptions_Succeeds()
    {
        var options = new MllpServerOptions();
        options.Tls.Enabled = true;
        options.Tls.Certificate = TestCertificates.Server;
        options.Tls.AllowedClientCertificates.Add(TestCertificates.Sha256(TestCertificates.Client));

        var result = new MllpServerOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("host", "Host must be an IP address")]
    [InlineData("port", "Port must be between 0 and 65535")]
    [InlineData("connections", "MaxConnections must be at least 1")]
    [InlineData("idle", "IdleTimeout must be positive or infinite")]
    [InlineData("handler", "HandlerTimeout must be positive")]
    [InlineData("frame", "MaxFrameSize must be at least 64")]
    [InlineData("encoding", "Encoding 'no-such-charset'")]
    [InlineData("certificate", "a server certificate is required")]
    [InlineData("pin", "Tls.AllowedClientCertificates[0] must be a SHA-256 thumbprint")]
    [InlineData("certificateFile", "does not exist")]
    [InlineData("handshake", "Tls.HandshakeTimeout must be positive")]
    public void Validate_InvalidValue_ReportsIt(string what, string expected)
    {
        var options = new MllpServerOptions();
        switch (what)
        {
            case "host": options.Host = "lims.example"; break;
            case "port": options.Port = -1; break;
            case "connections": options.MaxConnections = 0; break;
            case "idle": options.IdleTimeout = TimeSpan.Zero; break;
            case "handler": options.HandlerTimeout = TimeSpan.Zero; break;
            case "frame": options.MaxFrameSize = 0; break;
            case "encoding": options.Encoding = "no-such-charset"; break;
            case "certificate": options.Tls.Enabled = true; break;
            case "pin": options.Tls.Enabled = true; options.Tls.Certificate = TestCertificates.Server; options.Tls.AllowedClientCertificates.Add("xyz"); break;
            case "certificateFile": options.Tls.Enabled = true; options.Tls.CertificatePath = "/nonexistent/server.pfx"; break;
            case "handshake": options.Tls.Enabled = true; options.Tls.Certificate = TestCertificates.Server; options.Tls.HandshakeTimeout = TimeSpan.Zero; break;
            default: throw new ArgumentOutOfRangeException(nameof(what));
        }

        var result = new MllpServerOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SeveralErrors_ReportsAllOfThem()
    {
        var options = new MllpServerOptions { Host = "x", MaxConnections = 0, HandlerTimeout = TimeSpan.Zero };

        Assert.Equal(3, new MllpServerOptionsValidator().Validate(null, options).Failures!.Count());
    }

    [Fact]
    public void Start_InvalidOptions_ThrowsOptionsValidationException()
    {
        Assert.Throws<OptionsValidationException>(() => MllpServer.Start(new MllpServerOptions { MaxConnections = 0 }));
    }
}
