using System.Net;
using System.Net.Sockets;
using Hematology.Integration.Mllp.Tests.Support;
using Hematology.Integration.Testing;

namespace Hematology.Integration.Mllp.Tests.Client;

/// <summary>The connect timeout (default 5 s) bounds the TCP connect and the TLS handshake, on a fake clock.</summary>
public sealed class MllpClientConnectTimeoutTests
{
    [Fact]
    public async Task SendAsync_TcpConnectNeverCompletes_ReturnsConnectFailedWhenTheDefaultConnectTimeoutPasses()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var endPoint = (IPEndPoint)listener.LocalEndPoint!;
        var fillers = await FillAcceptQueueAsync(endPoint);
        try
        {
            var time = new FakeTimeProvider();
            var options = new MllpClientOptions { Host = "127.0.0.1", Port = endPoint.Port, ConnectAttempts = 1 };
            Assert.Equal(TimeSpan.FromSeconds(5), options.ConnectTimeout);
            await using var client = MllpClient.Create(options, timeProvider: time);

            var sending = client.SendAsync(TestMessages.OruBytes("CONNTO1")).AsTask();
            await WaitUntil(() => time.HasTimerDueIn(TimeSpan.FromSeconds(5)));
            time.Advance(TimeSpan.FromMilliseconds(4999));
            await Task.Yield();
            Assert.False(sending.IsCompleted);
            time.Advance(TimeSpan.FromMilliseconds(1));

            var result = await sending.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(MllpOutcome.ConnectFailed, result.Outcome);
            Assert.Contains("no connection within 5000 ms", result.Detail, StringComparison.Ordinal);
            Assert.Equal(TimeSpan.Zero, result.Latency);
        }
        finally
        {
            foreach (var filler in fillers)
            {
                filler.Dispose();
            }
        }
    }

    [Fact]
    public async Task SendAsync_TlsHandshakeNeverAnswered_ReturnsConnectFailedWhenTheConnectTimeoutPasses()
    {
        // A TCP listener that accepts and then says nothing: the client's ClientHello is never answered.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var accepting = listener.AcceptAsync();
        var time = new FakeTimeProvider();
        var options = new MllpClientOptions { Host = "127.0.0.1", Port = port, ConnectAttempts = 1, ConnectTimeout = TimeSpan.FromSeconds(2) };
        options.Tls.Enabled = true;
        options.Tls.TargetHost = "localhost";
        options.Tls.PinnedServerCertificates.Add(TestCertificates.Sha256(TestCertificates.Server));
        await using var client = MllpClient.Create(options, timeProvider: time);

        var sending = client.SendAsync(TestMessages.OruBytes("TLSTO1")).AsTask();
        using var accepted = await accepting.WaitAsync(TimeSpan.FromSeconds(10));

        // The listener's accept can complete before the client has seen its connect complete; the test is about the
        // handshake, so wait for the ClientHello (a loaded run once advanced the clock while the client was still
        // connecting, and got "no connection within 2000 ms", which was right for that moment).
        await WaitUntil(() => accepted.Available > 0 && time.HasTimerDueIn(TimeSpan.FromSeconds(2)));
        time.Advance(TimeSpan.FromMilliseconds(1999));
        await Task.Yield();
        Assert.False(sending.IsCompleted, Describe(sending));
        time.Advance(TimeSpan.FromMilliseconds(1));

        var result = await sending.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(result.Outcome == MllpOutcome.ConnectFailed, Describe(sending));
        Assert.True(result.Detail?.Contains("no TCP connection and TLS handshake within 2000 ms", StringComparison.Ordinal), Describe(sending));
    }

    /// <summary>What a send ended with, for a failure message (a flaky failure must say what happened).</summary>
    private static string Describe(Task<MllpSendResult> sending) => sending.Status switch
    {
        TaskStatus.RanToCompletion => $"{sending.Result.Outcome}: {sending.Result.Detail} ({sending.Result.Exception?.GetType().Name}: {sending.Result.Exception?.Message})",
        TaskStatus.Faulted => "threw " + sending.Exception!.InnerException,
        _ => sending.Status.ToString(),
    };

    /// <summary>
    /// Connects until the listener's accept queue is full (nothing ever accepts): from then on the kernel drops
    /// further SYNs and a connect stays pending. The probe that stays pending is the proof.
    /// </summary>
    private static async Task<List<Socket>> FillAcceptQueueAsync(IPEndPoint endPoint)
    {
        var fillers = new List<Socket>();
        while (true)
        {
            Assert.True(fillers.Count < 64, "the accept queue never filled");
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var bound = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            try
            {
                await socket.ConnectAsync(endPoint, bound.Token);
                fillers.Add(socket);
            }
            catch (OperationCanceledException)
            {
                socket.Dispose();
                return fillers;
            }
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(5);
        }
    }
}
