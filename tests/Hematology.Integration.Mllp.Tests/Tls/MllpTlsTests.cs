using System.Net.Sockets;
using Hematology.Integration.Mllp.Tests.Client;
using Hematology.Integration.Mllp.Tests.Server;
using Hematology.Integration.Mllp.Tests.Support;
using Hematology.Integration.Testing;
using Hematology.Integration.Testing.Peers;

namespace Hematology.Integration.Mllp.Tests.Tls;

/// <summary>TLS both ways with certificates made at test time; no silent fallback to plain TCP.</summary>
public sealed class MllpTlsTests
{
    [Fact]
    public async Task SendAsync_PinnedServerCertificate_IsAccepted()
    {
        await using var server = MllpServer.Start(TlsServer());
        await using var client = TlsClient(server.LocalEndPoint.Port, TestCertificates.Sha256(TestCertificates.Server));

        var result = await client.SendAsync(TestMessages.OruBytes("TLS1"));

        Assert.Equal(MllpOutcome.Accepted, result.Outcome);
        Assert.True(((DefaultMllpClient)client).Connection!.IsTls);
    }

    [Fact]
    public async Task SendAsync_PinWithColonsAndLowerCase_IsAccepted()
    {
        await using var server = MllpServer.Start(TlsServer());
        var hex = TestCertificates.Sha256(TestCertificates.Server).ToLowerInvariant();
        var pin = string.Join(':', Enumerable.Range(0, hex.Length / 2).Select(i => hex.Substring(i * 2, 2)));
        await using var client = TlsClient(server.LocalEndPoint.Port, pin);

        Assert.True((await client.SendAsync(TestMessages.OruBytes("TLSPIN1"))).IsAccepted);
    }

    [Fact]
    public async Task SendAsync_ServerPresentsAnotherCertificate_FailsToConnect()
    {
        await using var server = MllpServer.Start(TlsServer(TestCertificates.Other));
        await using var client = TlsClient(server.LocalEndPoint.Port, TestCertificates.Sha256(TestCertificates.Server));

        var result = await client.SendAsync(TestMessages.OruBytes("TLSBAD1"));

        Assert.Equal(MllpOutcome.ConnectFailed, result.Outcome);
        Assert.Contains("is not pinned", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_SelfSignedCertificateWithoutPin_FailsSystemValidation()
    {
        await using var server = MllpServer.Start(TlsServer());
        await using var client = TlsClient(server.LocalEndPoint.Port, pin: null);

        var result = await client.SendAsync(TestMessages.OruBytes("TLSSYS1"));

        Assert.Equal(MllpOutcome.ConnectFailed, result.Outcome);
        Assert.Contains("not trusted", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_TlsClientAgainstPlainServer_FailsWithoutFallingBackToPlain()
    {
        await using var server = MllpServer.Start(MllpServerBehaviourTests.Options());
        await using var client = TlsClient(server.LocalEndPoint.Port, TestCertificates.Sha256(TestCertificates.Server), o => o.ConnectTimeout = TimeSpan.FromMilliseconds(500));

        var result = await client.SendAsync(TestMessages.OruBytes("TLSPLAIN1"));

        Assert.Equal(MllpOutcome.ConnectFailed, result.Outcome);
        Assert.Equal(0, server.MessagesHandled);
    }

    [Fact]
    public async Task SendAsync_PlainClientAgainstTlsServer_IsNeverServedInClear()
    {
        var handled = 0;
        await using var server = MllpServer.Start(TlsServer(), _ => { Interlocked.Increment(ref handled); return ValueTask.FromResult(MllpResponse.Accept); });
        await using var client = MllpClientPythonPeerTests.Create(server.LocalEndPoint.Port, o => o.AckTimeout = TimeSpan.FromSeconds(3));

        var result = await client.SendAsync(TestMessages.OruBytes("PLAINTLS1"));

        Assert.Equal(MllpOutcome.ConnectionClosed, result.Outcome);
        Assert.Equal(0, handled);
    }

    [Fact]
    public async Task SendAsync_ClientCertificateRequiredAndPresented_IsAccepted()
    {
        var options = TlsServer();
        options.Tls.RequireClientCertificate = true;
        options.Tls.AllowedClientCertificates.Add(TestCertificates.Sha256(TestCertificates.Client));
        await using var server = MllpServer.Start(options);
        await using var client = TlsClient(server.LocalEndPoint.Port, TestCertificates.Sha256(TestCertificates.Server), o => o.Tls.ClientCertificate = TestCertificates.Client);

        Assert.Equal(MllpOutcome.Accepted, (await client.SendAsync(TestMessages.OruBytes("MTLS1"))).Outcome);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SendAsync_ClientCertificateRequiredButMissingOrUnknown_IsRefused(bool presentOther)
    {
        var handled = 0;
        var options = TlsServer();
        options.Tls.RequireClientCertificate = true;
        options.Tls.AllowedClientCertificates.Add(TestCertificates.Sha256(TestCertificates.Client));
        await using var server = MllpServer.Start(options, _ => { Interlocked.Increment(ref handled); return ValueTask.FromResult(MllpResponse.Accept); });
        await using var client = TlsClient(server.LocalEndPoint.Port, TestCertificates.Sha256(TestCertificates.Server), o =>
        {
            o.AckTimeout = TimeSpan.FromSeconds(3);
            if (presentOther)
            {
                o.Tls.ClientCertificate = TestCertificates.Other;
            }
        });

        var result = await client.SendAsync(TestMessages.OruBytes("MTLSNO1"));

        Assert.Contains(result.Outcome, new[] { MllpOutcome.ConnectFailed, MllpOutcome.ConnectionClosed });
        Assert.Equal(0, handled);
    }

    [Fact]
    public async Task Server_CertificateFromPemFiles_ServesTls()
    {
        var folder = Directory.CreateTempSubdirectory("mllp-tls-");
        try
        {
            var certPath = Path.Combine(folder.FullName, "server.crt");
            var keyPath = Path.Combine(folder.FullName, "server.key");
            await File.WriteAllTextAsync(certPath, TestCertificates.Server.ExportCertificatePem());
            using var rsa = System.Security.Cryptography.X509Certificates.RSACertificateExtensions.GetRSAPrivateKey(TestCertificates.Server)!;
            await File.WriteAllTextAsync(keyPath, rsa.ExportPkcs8PrivateKeyPem());
            var options = MllpServerBehaviourTests.Options();
            options.Tls.Enabled = true;
            options.Tls.CertificatePath = certPath;
            options.Tls.CertificateKeyPath = keyPath;
            await using var server = MllpServer.Start(options);
            await using var client = TlsClient(server.LocalEndPoint.Port, TestCertificates.Sha256(TestCertificates.Server));

            Assert.True((await client.SendAsync(TestMessages.OruBytes("PEM1"))).IsAccepted);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task SendAsync_TlsServerAndPythonPeerNotInvolved_PeerToolsStillFindAFreePort()
    {
        // A TLS client against a port where nothing listens fails to connect rather than hanging.
        await using var client = TlsClient(PeerTools.FreePort(), TestCertificates.Sha256(TestCertificates.Server));

        Assert.Equal(MllpOutcome.ConnectFailed, (await client.SendAsync(TestMessages.OruBytes("TLSNONE1"))).Outcome);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Server_HandshakeNeverStarted_IsClosedWhenItsTimeBoundPassesAndServingGoesOn(bool ownThread)
    {
        var time = new FakeTimeProvider();
        var logs = new ListLoggerProvider();
        var options = TlsServer();
        options.Tls.HandshakeTimeout = TimeSpan.FromSeconds(10);
        await using var server = MllpServer.Start(options, (IMllpMessageHandler?)null, logs, time);
        server.OwnThreadLimit = ownThread ? server.OwnThreadLimit : 0;
        using var silent = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await silent.ConnectAsync(server.LocalEndPoint);
        await MllpServerBehaviourTests.WaitUntil(() => server.OpenConnections == 1 && time.HasTimerDueIn(TimeSpan.FromSeconds(10)));

        time.Advance(TimeSpan.FromSeconds(9));
        await Task.Delay(100);
        Assert.Equal(1, server.OpenConnections);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(0, await MllpServerBehaviourTests.ReceiveWithin(silent, TimeSpan.FromSeconds(5)));
        await MllpServerBehaviourTests.WaitUntil(() => server.OpenConnections == 0);
        Assert.Contains(logs.Entries, e => e.Message.Contains("no handshake within the time bound", StringComparison.Ordinal));
        await using var client = TlsClient(server.LocalEndPoint.Port, TestCertificates.Sha256(TestCertificates.Server));
        Assert.True((await client.SendAsync(TestMessages.OruBytes("TLSAFTER1"))).IsAccepted);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task StopAsync_HandshakePending_EndsItAndStops(bool ownThread)
    {
        var options = TlsServer();
        options.Tls.HandshakeTimeout = TimeSpan.FromMinutes(5);
        var server = MllpServer.Start(options);
        server.OwnThreadLimit = ownThread ? server.OwnThreadLimit : 0;
        using var silent = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await silent.ConnectAsync(server.LocalEndPoint);
        await MllpServerBehaviourTests.WaitUntil(() => server.OpenConnections == 1);

        await server.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, server.OpenConnections);
        Assert.Equal(0, await MllpServerBehaviourTests.ReceiveWithin(silent, TimeSpan.FromSeconds(5)));
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Server_IdleTlsConnectionOnItsOwnThread_IsClosedWhenTheIdleTimePasses()
    {
        var time = new FakeTimeProvider();
        var options = TlsServer();
        options.IdleTimeout = TimeSpan.FromMinutes(1);
        await using var server = MllpServer.Start(options, (IMllpMessageHandler?)null, null, time);
        await using var client = TlsClient(server.LocalEndPoint.Port, TestCertificates.Sha256(TestCertificates.Server));
        Assert.True((await client.SendAsync(TestMessages.OruBytes("TLSIDLE1"))).IsAccepted);

        // The idle limit is armed again after the ACK is written; until then the handler's time bound may be the only
        // timer pending, so wait for the idle one itself.
        await MllpServerBehaviourTests.WaitUntil(() => time.HasTimerDueIn(TimeSpan.FromMinutes(1)));

        time.Advance(TimeSpan.FromSeconds(59));
        await Task.Delay(100);
        Assert.Equal(1, server.OpenConnections);
        time.Advance(TimeSpan.FromSeconds(1));

        await MllpServerBehaviourTests.WaitUntil(() => server.OpenConnections == 0);
        Assert.Equal(1, server.ConnectionsServed);
    }

    internal static MllpServerOptions TlsServer(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        var options = MllpServerBehaviourTests.Options();
        options.Tls.Enabled = true;
        options.Tls.Certificate = certificate ?? TestCertificates.Server;
        options.Tls.HandshakeTimeout = TimeSpan.FromSeconds(3);
        return options;
    }

    internal static IMllpClient TlsClient(int port, string? pin, Action<MllpClientOptions>? configure = null)
        => MllpClientPythonPeerTests.Create(port, o =>
        {
            o.Tls.Enabled = true;
            o.Tls.TargetHost = "localhost";
            if (pin is not null)
            {
                o.Tls.PinnedServerCertificates.Add(pin);
            }

            configure?.Invoke(o);
        });
}
