using Microsoft.Extensions.Options;

namespace Hematology.Integration.Mllp.Tests.Client;

public sealed class MllpClientOptionsTests
{
    [Fact]
    public void Constructor_Defaults_MatchTheDocumentedValues()
    {
        var options = new MllpClientOptions();

        Assert.Null(options.Host);
        Assert.Equal(2575, options.Port);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), options.AckTimeout);
        Assert.Equal(3, options.ConnectAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.ReconnectDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), options.MaxReconnectDelay);
        Assert.True(options.KeepAlive);
        Assert.Equal(TimeSpan.FromSeconds(60), options.KeepAliveTime);
        Assert.Equal(TimeSpan.FromSeconds(15), options.KeepAliveInterval);
        Assert.Equal(3, options.KeepAliveRetryCount);
        Assert.Equal(1024 * 1024, options.MaxFrameSize);
        Assert.Equal("utf-8", options.Encoding);
        Assert.False(options.UseMessageCharset);
        Assert.False(options.LogPayloads);
        Assert.False(options.Tls.Enabled);
        Assert.Null(options.Tls.TargetHost);
        Assert.Empty(options.Tls.PinnedServerCertificates);
        Assert.Null(options.Tls.ClientCertificate);
        Assert.False(options.Tls.CheckCertificateRevocation);
    }

    [Fact]
    public void Validate_ValidOptions_Succeeds()
    {
        var result = new MllpClientOptionsValidator().Validate(null, Valid());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("host", "Host must be set")]
    [InlineData("port", "Port must be between 1 and 65535")]
    [InlineData("connectTimeout", "ConnectTimeout must be positive")]
    [InlineData("ackTimeout", "AckTimeout must be positive")]
    [InlineData("attempts", "ConnectAttempts must be at least 1")]
    [InlineData("reconnect", "ReconnectDelay must not be negative")]
    [InlineData("maxReconnect", "MaxReconnectDelay")]
    [InlineData("keepAliveTime", "KeepAliveTime must be a whole number of seconds")]
    [InlineData("keepAliveInterval", "KeepAliveInterval must be a whole number of seconds")]
    [InlineData("keepAliveCount", "KeepAliveRetryCount must be between 1 and 127")]
    [InlineData("frame", "MaxFrameSize must be at least 64")]
    [InlineData("encoding", "Encoding 'utf-16'")]
    [InlineData("pin", "Tls.PinnedServerCertificates[0] must be a SHA-256 thumbprint")]
    [InlineData("clientCert", "does not exist")]
    public void Validate_InvalidValue_ReportsIt(string what, string expected)
    {
        var options = Valid();
        switch (what)
        {
            case "host": options.Host = " "; break;
            case "port": options.Port = 70000; break;
            case "connectTimeout": options.ConnectTimeout = TimeSpan.Zero; break;
            case "ackTimeout": options.AckTimeout = TimeSpan.FromSeconds(-2); break;
            case "attempts": options.ConnectAttempts = 0; break;
            case "reconnect": options.ReconnectDelay = TimeSpan.FromSeconds(-1); break;
            case "maxReconnect": options.MaxReconnectDelay = TimeSpan.FromMilliseconds(1); break;
            case "keepAliveTime": options.KeepAliveTime = TimeSpan.FromMilliseconds(1500); break;
            case "keepAliveInterval": options.KeepAliveInterval = TimeSpan.Zero; break;
            case "keepAliveCount": options.KeepAliveRetryCount = 0; break;
            case "frame": options.MaxFrameSize = 10; break;
            case "encoding": options.Encoding = "utf-16"; break;
            case "pin": options.Tls.Enabled = true; options.Tls.PinnedServerCertificates.Add("ABCD"); break;
            case "clientCert": options.Tls.Enabled = true; options.Tls.ClientCertificatePath = "/nonexistent/client.pfx"; break;
            default: throw new ArgumentOutOfRangeException(nameof(what));
        }

        var result = new MllpClientOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SeveralErrors_ReportsAllOfThem()
    {
        var options = new MllpClientOptions { Port = 0, AckTimeout = TimeSpan.Zero, MaxFrameSize = 1 };

        var result = new MllpClientOptionsValidator().Validate(null, options);

        Assert.Equal(4, result.Failures!.Count());
    }

    [Fact]
    public void Create_InvalidOptions_ThrowsOptionsValidationException()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => MllpClient.Create(new MllpClientOptions()));

        Assert.Contains("Host must be set", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_KeepAliveOff_IgnoresKeepAliveValues()
    {
        var options = Valid();
        options.KeepAlive = false;
        options.KeepAliveTime = TimeSpan.Zero;

        Assert.True(new MllpClientOptionsValidator().Validate(null, options).Succeeded);
    }

    private static MllpClientOptions Valid() => new() { Host = "lims.example", Port = 2575 };
}
