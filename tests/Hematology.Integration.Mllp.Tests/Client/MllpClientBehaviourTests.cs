using System.Net;
using System.Net.Sockets;
using System.Text;
using Hematology.Integration.Mllp.Tests.Support;
using Hematology.Integration.Testing;
using Hematology.Integration.Testing.Peers;

namespace Hematology.Integration.Mllp.Tests.Client;

/// <summary>Sender behaviour that needs replies no real peer gives, a fake clock, or no peer at all.</summary>
public sealed class MllpClientBehaviourTests
{
    [Fact]
    public async Task SendAsync_NothingListens_ReturnsConnectFailedAfterEveryAttempt()
    {
        var port = PeerTools.FreePort();
        var logs = new ListLoggerProvider();
        await using var client = MllpClient.Create(new MllpClientOptions { Host = "127.0.0.1", Port = port, ConnectAttempts = 3, ReconnectDelay = TimeSpan.FromMilliseconds(10) }, logs);

        var result = await client.SendAsync(TestMessages.OruBytes("NOBODY1"));

        Assert.Equal(MllpOutcome.ConnectFailed, result.Outcome);
        Assert.Equal(TimeSpan.Zero, result.Latency);
        Assert.Contains("after 3 attempt(s)", result.Detail, StringComparison.Ordinal);
        Assert.Contains("ConnectionRefused", result.Detail, StringComparison.Ordinal);
        Assert.IsType<SocketException>(result.Exception);
        Assert.Equal(3, logs.Entries.Count(e => e.EventId.Id == 4003));
    }

    [Fact]
    public async Task SendAsync_ReconnectBackoff_DoublesTheDelayBetweenAttempts()
    {
        var time = new FakeTimeProvider();
        var port = PeerTools.FreePort();
        await using var client = MllpClient.Create(new MllpClientOptions { Host = "127.0.0.1", Port = port, ConnectAttempts = 3, ReconnectDelay = TimeSpan.FromSeconds(1) }, timeProvider: time);

        // Wait for the backoff timer itself, not the connect timeout's (also a timer on this clock).
        var sending = client.SendAsync(TestMessages.OruBytes("BACKOFF1")).AsTask();
        await WaitUntil(() => time.HasTimerDueIn(TimeSpan.FromSeconds(1)));
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(sending.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));   // 1 s after the first failure: second attempt
        await WaitUntil(() => time.HasTimerDueIn(TimeSpan.FromSeconds(2)));
        time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(sending.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));   // 2 s after the second failure: third attempt

        var result = await sending.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(MllpOutcome.ConnectFailed, result.Outcome);
    }

    [Fact]
    public async Task DisposeAsync_SendInFlight_CancelsItInsteadOfWaitingForTheAck()
    {
        var received = new TaskCompletionSource();
        await using var receiver = new ScriptedReceiver((_, _) => { received.TrySetResult(); return null; });
        var client = MllpClient.Create(new MllpClientOptions { Host = "127.0.0.1", Port = receiver.Port, ConnectAttempts = 1, AckTimeout = TimeSpan.FromMinutes(10) });

        var sending = client.SendAsync(TestMessages.OruBytes("DISPOSE1")).AsTask();
        await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await client.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task SendAsync_AckTimeoutOnAFakeClock_ReturnsAckTimeoutWithTheTimeoutAsLatency()
    {
        var time = new FakeTimeProvider();
        var received = new TaskCompletionSource();
        await using var receiver = new ScriptedReceiver((_, _) => { received.TrySetResult(); return null; });
        await using var client = MllpClient.Create(new MllpClientOptions { Host = "127.0.0.1", Port = receiver.Port, ConnectAttempts = 1 }, timeProvider: time);

        var sending = client.SendAsync(TestMessages.OruBytes("FAKE1")).AsTask();
        await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(50);
        Assert.False(sending.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(10));

        var result = await sending.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(MllpOutcome.AckTimeout, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(10), result.Latency);
    }

    [Fact]
    public async Task SendAsync_ExtraFrameAfterTheAck_IsNeverMatchedToTheNextMessage()
    {
        // The receiver answers the first message with its ACK plus a stale ACK for the next control id.
        await using var receiver = new ScriptedReceiver((index, payload) =>
        {
            var id = ControlId(payload);
            var reply = TestMessages.Frame(TestMessages.Ack("AA", id));
            return index == 1 ? [.. reply, .. TestMessages.Frame(TestMessages.Ack("AE", "EXTRA2"))] : reply;
        });
        await using var client = MllpClientPythonPeerTests.Create(receiver.Port);

        var first = await client.SendAsync(TestMessages.OruBytes("EXTRA1"));
        var second = await client.SendAsync(TestMessages.OruBytes("EXTRA2"));

        Assert.Equal(MllpOutcome.Accepted, first.Outcome);
        Assert.Equal(MllpOutcome.Accepted, second.Outcome);
        Assert.Equal(Hematology.Integration.Hl7Mapping.AckCode.ApplicationAccept, second.Ack!.Code);
        Assert.Equal(2, receiver.ConnectionsAccepted);
    }

    [Fact]
    public async Task SendAsync_UnsolicitedBytesBetweenMessages_ReconnectsBeforeSending()
    {
        var logs = new ListLoggerProvider();
        await using var receiver = new ScriptedReceiver((index, payload) =>
        {
            var reply = TestMessages.Frame(TestMessages.Ack("AA", ControlId(payload)));
            return reply;
        });
        await using var client = MllpClient.Create(new MllpClientOptions { Host = "127.0.0.1", Port = receiver.Port, ConnectAttempts = 1 }, logs);
        Assert.True((await client.SendAsync(TestMessages.OruBytes("UNS1"))).IsAccepted);

        // A stale ACK arrives between messages (as if a late reply came after all).
        await InjectFromServerSide(client);

        var second = await client.SendAsync(TestMessages.OruBytes("UNS2"));
        Assert.Equal(MllpOutcome.Accepted, second.Outcome);
        Assert.Equal("UNS2", second.Ack!.AcknowledgedControlId);
        Assert.Equal(2, receiver.ConnectionsAccepted);
        Assert.Contains(logs.Entries, e => e.EventId.Id == 4009);
    }

    [Fact]
    public async Task SendAsync_ReplyIsNotAnAck_ReturnsUnparseableAck()
    {
        await using var receiver = new ScriptedReceiver((_, _) => TestMessages.Frame("MSH|^~\\&|LIS|HOSP|HEMA|LAB|20260115||ADT^A01|X1|P|2.5.1\rPID|1\r"));
        await using var client = MllpClientPythonPeerTests.Create(receiver.Port);

        var result = await client.SendAsync(TestMessages.OruBytes("NOTACK1"));

        Assert.Equal(MllpOutcome.ProtocolError, result.Outcome);
        Assert.Equal(MllpProtocolError.UnparseableAck, result.ProtocolError);
    }

    [Fact]
    public async Task SendAsync_ReplyFrameTooLarge_ReturnsFrameTooLarge()
    {
        await using var receiver = new ScriptedReceiver((_, _) => TestMessages.Frame(new string('A', 5000)));
        await using var client = MllpClientPythonPeerTests.Create(receiver.Port, o => o.MaxFrameSize = 1024);

        var result = await client.SendAsync(TestMessages.OruBytes("BIG1", obx: 1));

        Assert.Equal(MllpProtocolError.FrameTooLarge, result.ProtocolError);
    }

    [Fact]
    public async Task SendAsync_FrameWrittenAsOneBuffer_ArrivesInOneRead()
    {
        var reads = new List<int>();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serving = Task.Run(async () =>
        {
            using var socket = await listener.AcceptSocketAsync();
            var buffer = new byte[65536];
            var total = 0;
            while (total == 0 || buffer[total - 1] != 0x0D)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(total));
                reads.Add(n);
                total += n;
            }

            var id = ControlId(buffer.AsSpan(1, total - 3).ToArray());
            await socket.SendAsync(TestMessages.Frame(TestMessages.Ack("AA", id)));
        });
        await using var client = MllpClientPythonPeerTests.Create(port);

        var result = await client.SendAsync(TestMessages.OruBytes("ONEBUF1"));
        await serving;

        Assert.True(result.IsAccepted);
        Assert.Single(reads);
    }

    [Fact]
    public async Task SendAsync_KeepAliveConfigured_SetsTheSocketOptions()
    {
        await using var receiver = new ScriptedReceiver((_, payload) => TestMessages.Frame(TestMessages.Ack("AA", ControlId(payload))));
        await using var client = MllpClientPythonPeerTests.Create(receiver.Port, o =>
        {
            o.KeepAliveTime = TimeSpan.FromSeconds(61);
            o.KeepAliveInterval = TimeSpan.FromSeconds(16);
            o.KeepAliveRetryCount = 4;
        });
        await client.SendAsync(TestMessages.OruBytes("KA1"));
        var socket = ((DefaultMllpClient)client).Connection!.Socket;

        Assert.Equal(1, (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!);
        Assert.Equal(61, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime)!);
        Assert.Equal(16, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval)!);
        Assert.Equal(4, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount)!);
        Assert.True(socket.NoDelay);
    }

    [Fact]
    public async Task SendAsync_CallerCancels_ThrowsAndClosesTheConnection()
    {
        await using var receiver = new ScriptedReceiver((_, _) => null);
        await using var client = MllpClientPythonPeerTests.Create(receiver.Port);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await client.SendAsync(TestMessages.OruBytes("CANCEL1"), cts.Token));
        Assert.False(((DefaultMllpClient)client).IsConnected);
    }

    [Fact]
    public async Task SendAsync_ConcurrentCallers_AreServedOneAtATimeInOrder()
    {
        var inFlight = 0;
        var maxInFlight = 0;
        await using var receiver = new ScriptedReceiver((_, payload) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref maxInFlight, now);
            Thread.Sleep(5);
            Interlocked.Decrement(ref inFlight);
            return TestMessages.Frame(TestMessages.Ack("AA", ControlId(payload)));
        });
        await using var client = MllpClientPythonPeerTests.Create(receiver.Port);

        var results = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => client.SendAsync(TestMessages.OruBytes($"CONC{i}")).AsTask()));

        Assert.All(results, r => Assert.Equal(r.ControlId, r.Ack!.AcknowledgedControlId));
        Assert.Equal(1, maxInFlight);
        Assert.Equal(1, receiver.ConnectionsAccepted);
    }

    [Theory]
    [InlineData("PID|1||X\r")]
    [InlineData("MSH|^~\\&|A|B|C|D|20260115||ORU^R01|||P|2.5.1\r")]
    public async Task SendAsync_MessageWithoutControlId_ThrowsArgumentException(string message)
    {
        await using var client = MllpClientPythonPeerTests.Create(PeerTools.FreePort());

        await Assert.ThrowsAsync<ArgumentException>(async () => await client.SendAsync(message));
    }

    [Fact]
    public async Task SendAsync_AfterDispose_ThrowsObjectDisposedException()
    {
        var client = MllpClientPythonPeerTests.Create(PeerTools.FreePort());
        await client.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await client.SendAsync(TestMessages.OruBytes("DISPOSED1")));
    }

    [Fact]
    public async Task SendAsync_LogPayloadsOff_NeverLogsTheMessage()
    {
        var logs = new ListLoggerProvider();
        await using var receiver = new ScriptedReceiver((_, payload) => TestMessages.Frame(TestMessages.Ack("AA", ControlId(payload))));
        await using var client = MllpClient.Create(new MllpClientOptions { Host = "127.0.0.1", Port = receiver.Port }, logs);

        await client.SendAsync(TestMessages.Oru("LOG1", obx: 1, patientName: "Secret^Patient"));

        Assert.NotEmpty(logs.Entries);
        Assert.DoesNotContain("Secret", logs.AllText, StringComparison.Ordinal);
        Assert.All(logs.Entries, e => Assert.InRange(e.EventId.Id, 4000, 4199));
    }

    [Fact]
    public async Task SendAsync_LogPayloadsOn_LogsTheMessageAtTrace()
    {
        var logs = new ListLoggerProvider();
        await using var receiver = new ScriptedReceiver((_, payload) => TestMessages.Frame(TestMessages.Ack("AA", ControlId(payload))));
        await using var client = MllpClient.Create(new MllpClientOptions { Host = "127.0.0.1", Port = receiver.Port, LogPayloads = true }, logs);

        await client.SendAsync(TestMessages.Oru("LOG2", obx: 1, patientName: "Secret^Patient"));

        Assert.Contains(logs.Entries, e => e.EventId.Id == 4010 && e.Message.Contains("Secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendAsync_UseMessageCharsetLatin1_EncodesTheStringAsLatin1()
    {
        byte[]? got = null;
        await using var receiver = new ScriptedReceiver((_, payload) => { got = payload; return TestMessages.Frame(TestMessages.Ack("AA", ControlId(payload))); });
        await using var client = MllpClientPythonPeerTests.Create(receiver.Port, o => o.UseMessageCharset = true);

        var result = await client.SendAsync(TestMessages.Oru("LATIN1", obx: 1, charset: "8859/1", patientName: "Müller"));

        Assert.True(result.IsAccepted);
        Assert.Contains("Müller", Encoding.Latin1.GetString(got!), StringComparison.Ordinal);
        Assert.DoesNotContain("Müller", Encoding.UTF8.GetString(got!), StringComparison.Ordinal);
    }

    internal static string ControlId(byte[] payload) => Encoding.UTF8.GetString(payload).Split('\r')[0].Split('|')[9];

    private static async Task InjectFromServerSide(IMllpClient client)
    {
        // Write a frame on the client's socket behind its back: the receiver answers it, and that ACK reaches the
        // client while no message is in flight, exactly like a late reply.
        var connection = ((DefaultMllpClient)client).Connection!;
        await connection.Stream.WriteAsync(TestMessages.Frame("MSH|^~\\&|X|X|X|X|1||ORU^R01|STRAY1|P|2.5.1\r"));
        await Task.Delay(200);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
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
