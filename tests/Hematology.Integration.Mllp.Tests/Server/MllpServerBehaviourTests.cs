using System.Net;
using System.Net.Sockets;
using System.Text;
using Hematology.Integration.Hl7Mapping;
using Hematology.Integration.Mllp.Tests.Client;
using Hematology.Integration.Mllp.Tests.Support;
using Hematology.Integration.Testing;

namespace Hematology.Integration.Mllp.Tests.Server;

/// <summary>The receiver's rules: handler failures and time bounds, unreadable input, limits, shutdown.</summary>
public sealed class MllpServerBehaviourTests
{
    [Fact]
    public async Task Start_DefaultHandler_AnswersAAWithAProperAck()
    {
        await using var server = MllpServer.Start(Options());
        await using var client = Client(server);

        var result = await client.SendAsync(TestMessages.OruBytes("DEF1"));

        Assert.Equal(MllpOutcome.Accepted, result.Outcome);
        Assert.Equal("ACK^R01^ACK", result.Ack!.MessageType);
        Assert.NotEqual("DEF1", result.Ack.ControlId);
        Assert.False(string.IsNullOrEmpty(result.Ack.ControlId));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Connection_SynchronousHandler_RunsOnTheConnectionsOwnThreadNotThePool(bool tls)
    {
        // With TLS too: the handshake blocks on the connection's thread, so the connection stays there.
        var onPool = new List<bool>();
        var threads = new HashSet<int>();
        await using var server = MllpServer.Start(tls ? Tls.MllpTlsTests.TlsServer() : Options(), _ =>
        {
            lock (onPool)
            {
                onPool.Add(Thread.CurrentThread.IsThreadPoolThread);
                threads.Add(Environment.CurrentManagedThreadId);
            }

            return ValueTask.FromResult(MllpResponse.Accept);
        });
        await using var client = tls
            ? Tls.MllpTlsTests.TlsClient(server.LocalEndPoint.Port, TestCertificates.Sha256(TestCertificates.Server))
            : Client(server);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(MllpOutcome.Accepted, (await client.SendAsync(TestMessages.OruBytes("OWN" + i))).Outcome);
        }

        Assert.Equal([false, false, false], onPool);
        Assert.Single(threads);
    }

    [Fact]
    public async Task Connection_HandlerCompletesLater_GoesOnAsynchronouslyWithoutBlockingThePool()
    {
        // Once a handler completes asynchronously the connection leaves its own thread for good; the reads that follow
        // are asynchronous, so waiting for the next message holds no pool thread (checked: the pool still runs work).
        var onPool = new List<bool>();
        await using var server = MllpServer.Start(Options(), async _ =>
        {
            await Task.Yield();
            lock (onPool)
            {
                onPool.Add(Thread.CurrentThread.IsThreadPoolThread);
            }

            return MllpResponse.Accept;
        });
        await using var client = Client(server);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(MllpOutcome.Accepted, (await client.SendAsync(TestMessages.OruBytes("LATER" + i))).Outcome);
        }

        Assert.Equal([true, true, true], onPool);
        Assert.True(await Task.Run(() => true).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Handler_Throws_AnswersAEWithErr207AndKeepsServing()
    {
        var calls = 0;
        await using var server = MllpServer.Start(Options(), request =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("database down");
            }

            return ValueTask.FromResult(MllpResponse.Accept);
        });
        await using var client = Client(server);

        var failed = await client.SendAsync(TestMessages.OruBytes("THROW1"));
        var next = await client.SendAsync(TestMessages.OruBytes("THROW2"));

        Assert.Equal(MllpOutcome.ApplicationError, failed.Outcome);
        var error = Assert.Single(failed.Ack!.Errors);
        Assert.Equal(Hl7ErrorCode.ApplicationInternalError, error.Code);
        Assert.DoesNotContain("database", failed.Ack.Message(), StringComparison.Ordinal);
        Assert.Equal(MllpOutcome.Accepted, next.Outcome);
    }

    [Fact]
    public async Task Handler_AsyncThrows_AnswersAE()
    {
        await using var server = MllpServer.Start(Options(), async request =>
        {
            await Task.Yield();
            throw new InvalidOperationException("late failure");
        });
        await using var client = Client(server);

        Assert.Equal(MllpOutcome.ApplicationError, (await client.SendAsync(TestMessages.OruBytes("ATHROW1"))).Outcome);
    }

    [Fact]
    public async Task Handler_RunsPastItsTimeBound_AnswersARWithErr207AndAClearText()
    {
        var cancelled = new TaskCompletionSource();
        var options = Options();
        options.HandlerTimeout = TimeSpan.FromMilliseconds(200);
        await using var server = MllpServer.Start(options, async request =>
        {
            request.CancellationToken.Register(() => cancelled.TrySetResult());
            await Task.Delay(Timeout.Infinite, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
            return MllpResponse.Accept;
        });
        await using var client = Client(server);

        var result = await client.SendAsync(TestMessages.OruBytes("SLOW1"));

        Assert.Equal(MllpOutcome.Rejected, result.Outcome);
        var error = Assert.Single(result.Ack!.Errors);
        Assert.Equal(Hl7ErrorCode.ApplicationInternalError, error.Code);
        Assert.Equal("The receiving application did not process the message within 0.2 s", error.UserMessage);
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Handler_TimeBoundOnAFakeClock_FiresOnlyWhenTheClockPassesIt()
    {
        var time = new FakeTimeProvider();
        var entered = new TaskCompletionSource();
        await using var server = MllpServer.Start(Options(), async request =>
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, request.CancellationToken);
            return MllpResponse.Accept;
        }, timeProvider: time);
        await using var client = Client(server);

        var sending = client.SendAsync(TestMessages.OruBytes("FAKESLOW1")).AsTask();
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(5));
        time.Advance(TimeSpan.FromMilliseconds(2999));
        await Task.Delay(100);
        Assert.False(sending.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(MllpOutcome.Rejected, (await sending.WaitAsync(TimeSpan.FromSeconds(5))).Outcome);
    }

    [Fact]
    public async Task Handler_TimesOutAgainAndAgain_EachMessageGetsAFreshTimeBound()
    {
        var time = new FakeTimeProvider();
        using var entered = new SemaphoreSlim(0);
        await using var server = MllpServer.Start(Options(), async request =>
        {
            if (request.ControlId.StartsWith("SLOW", StringComparison.Ordinal))
            {
                entered.Release();
                await Task.Delay(Timeout.InfiniteTimeSpan, request.CancellationToken);
            }

            return MllpResponse.Accept;
        }, timeProvider: time);
        await using var client = Client(server);

        for (var round = 1; round <= 3; round++)
        {
            var slow = client.SendAsync(TestMessages.OruBytes($"SLOW{round}")).AsTask();
            Assert.True(await entered.WaitAsync(TimeSpan.FromSeconds(5)));
            await WaitUntil(() => time.HasTimerDueIn(TimeSpan.FromSeconds(3)));
            time.Advance(TimeSpan.FromSeconds(3));
            Assert.Equal(MllpOutcome.Rejected, (await slow.WaitAsync(TimeSpan.FromSeconds(5))).Outcome);

            // The next handler runs under a new, uncancelled time bound.
            var fast = await client.SendAsync(TestMessages.OruBytes($"FAST{round}"));
            Assert.Equal(MllpOutcome.Accepted, fast.Outcome);
        }

        Assert.Equal(6, server.MessagesHandled);
    }

    [Theory]
    [InlineData("AE")]
    [InlineData("AR")]
    public async Task Handler_ReturnsNegativeAck_SendsItWithTheGivenError(string code)
    {
        var ackCode = code == "AE" ? AckCode.ApplicationError : AckCode.ApplicationReject;
        await using var server = MllpServer.Start(Options(), _ => ValueTask.FromResult(MllpResponse.Ack(ackCode, "Unknown patient",
            [new AckError { Code = Hl7ErrorCode.UnknownKeyIdentifier, Severity = Hl7ErrorSeverity.Error, Location = new Hl7ErrorLocation("PID", 1, 3) }])));
        await using var client = Client(server);

        var result = await client.SendAsync(TestMessages.OruBytes("NEG1"));

        Assert.Equal(ackCode, result.Ack!.Code);
        Assert.Equal("Unknown patient", result.Ack.TextMessage);
        Assert.Equal(Hl7ErrorCode.UnknownKeyIdentifier, Assert.Single(result.Ack.Errors).Code);
    }

    [Fact]
    public async Task Handler_ReturnsNoReply_SenderTimesOut()
    {
        await using var server = MllpServer.Start(Options(), _ => ValueTask.FromResult(MllpResponse.NoReply));
        await using var client = MllpClientPythonPeerTests.Create(server.LocalEndPoint.Port, o => o.AckTimeout = TimeSpan.FromMilliseconds(200));

        Assert.Equal(MllpOutcome.AckTimeout, (await client.SendAsync(TestMessages.OruBytes("SILENT1"))).Outcome);
    }

    [Fact]
    public async Task Handler_ReturnsCloseConnection_SenderSeesConnectionClosed()
    {
        await using var server = MllpServer.Start(Options(), _ => ValueTask.FromResult(MllpResponse.CloseConnection));
        await using var client = Client(server);

        Assert.Equal(MllpOutcome.ConnectionClosed, (await client.SendAsync(TestMessages.OruBytes("CLOSEME1"))).Outcome);
    }

    [Fact]
    public async Task Handler_ReturnsRawAck_SendsItFramed()
    {
        await using var server = MllpServer.Start(Options(), request => ValueTask.FromResult(MllpResponse.Raw(Encoding.ASCII.GetBytes(TestMessages.Ack("CA", request.ControlId, "RAW")))));
        await using var client = Client(server);

        var result = await client.SendAsync(TestMessages.OruBytes("RAW1"));

        Assert.Equal(AckCode.CommitAccept, result.Ack!.Code);
        Assert.Equal("RAW", result.Ack.ControlId);
    }

    [Fact]
    public async Task Handler_Request_CarriesTextParsedMessageAndRemoteEndPoint()
    {
        MllpRequest seen = default;
        await using var server = MllpServer.Start(Options(), request => { seen = request; return ValueTask.FromResult(MllpResponse.Accept); });
        await using var client = Client(server);

        await client.SendAsync(TestMessages.Oru("REQ1", obx: 3, patientName: "Müller^Zoë"));

        Assert.Equal("REQ1", seen.ControlId);
        Assert.Equal("Müller", seen.Message.GetValue("PID-5.1"));
        Assert.Contains("Zoë", seen.Text, StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetBytes(seen.Text), seen.Payload.ToArray());
        Assert.Equal(IPAddress.Loopback, ((IPEndPoint)seen.RemoteEndPoint!).Address);
    }

    [Fact]
    public async Task Server_UseMessageCharsetLatin1_DecodesTheMessageAsLatin1()
    {
        string? text = null;
        var options = Options();
        options.UseMessageCharset = true;
        await using var server = MllpServer.Start(options, request => { text = request.Text; return ValueTask.FromResult(MllpResponse.Accept); });
        using var socket = await Connect(server);

        await socket.SendAsync(TestMessages.Frame(Encoding.Latin1.GetBytes(TestMessages.Oru("L1", obx: 1, charset: "8859/1", patientName: "Müller"))));
        await ReadFrame(socket);

        Assert.Contains("Müller", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_MessageWithBadSegment_AnswersARWithTheParseError()
    {
        await using var server = MllpServer.Start(Options());
        using var socket = await Connect(server);

        await socket.SendAsync(TestMessages.Frame("MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115||ORU^R01|BAD1|P|2.5.1\r1X|bad segment id\r"));
        var ack = Hl7Ack.Parse(Encoding.UTF8.GetBytes(await ReadFrame(socket)));

        Assert.Equal(AckCode.ApplicationReject, ack.Code);
        Assert.Equal("BAD1", ack.AcknowledgedControlId);
        Assert.Equal(Hl7ErrorCode.SegmentSequenceError, Assert.Single(ack.Errors).Code);
    }

    [Fact]
    public async Task Server_FrameWithoutMsh_ClosesTheConnection()
    {
        await using var server = MllpServer.Start(Options());
        using var socket = await Connect(server);

        await socket.SendAsync(TestMessages.Frame("HELLO WORLD"));

        Assert.Equal(0, await ReceiveWithin(socket, TimeSpan.FromSeconds(5)));
        Assert.Equal(0, server.MessagesHandled);
    }

    [Fact]
    public async Task Server_OversizeFrame_ClosesTheConnectionBeforeItEnds()
    {
        var options = Options();
        options.MaxFrameSize = 1024;
        await using var server = MllpServer.Start(options);
        using var socket = await Connect(server);

        await socket.SendAsync(new byte[] { 0x0B }.Concat(Encoding.ASCII.GetBytes(new string('A', 4000))).ToArray());

        Assert.Equal(0, await ReceiveWithin(socket, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Server_SlowByteByByteSender_GetsItsAck()
    {
        await using var server = MllpServer.Start(Options());
        using var socket = await Connect(server);
        var frame = TestMessages.Frame(TestMessages.OruBytes("SLOWBYTES1", obx: 2));

        foreach (var b in frame)
        {
            await socket.SendAsync(new[] { b });
            await Task.Delay(1);
        }

        var ack = Hl7Ack.Parse(Encoding.UTF8.GetBytes(await ReadFrame(socket)));
        Assert.Equal("SLOWBYTES1", ack.AcknowledgedControlId);
        Assert.Equal(AckCode.ApplicationAccept, ack.Code);
    }

    [Fact]
    public async Task Server_JunkBeforeTheFrame_IsDiscardedCountedAndTheMessageAnswered()
    {
        await using var server = MllpServer.Start(Options());
        using var socket = await Connect(server);

        await socket.SendAsync(new byte[] { 0x02, 0x02, 0x02, 0x0A }.Concat(TestMessages.Frame(TestMessages.OruBytes("JUNK1", 1))).ToArray());

        Assert.Equal("JUNK1", Hl7Ack.Parse(Encoding.UTF8.GetBytes(await ReadFrame(socket))).AcknowledgedControlId);
        Assert.Equal(4, server.BytesDiscarded);
    }

    [Fact]
    public async Task Server_SenderDisconnectsMidFrame_DropsThePartialMessageAndKeepsServing()
    {
        var handled = 0;
        await using var server = MllpServer.Start(Options(), _ => { Interlocked.Increment(ref handled); return ValueTask.FromResult(MllpResponse.Accept); });
        using (var socket = await Connect(server))
        {
            var frame = TestMessages.Frame(TestMessages.OruBytes("HALF1", 2));
            await socket.SendAsync(frame.AsMemory(0, frame.Length / 2));
            socket.Shutdown(SocketShutdown.Both);
        }

        await using var client = Client(server);
        var result = await client.SendAsync(TestMessages.OruBytes("WHOLE1"));

        Assert.True(result.IsAccepted);
        Assert.Equal(1, handled);
    }

    [Fact]
    public async Task Connection_ResetAndFoundSoByAStopBeforeItWasSetUp_EndsQuietly()
    {
        // A sender that resets at once, and a stop whose shutdown then fails and marks the socket disconnected, before
        // the connection's thread got to set up its stream: the connection must end without throwing into StopAsync.
        await using var server = MllpServer.Start(Options());
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var sender = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await sender.ConnectAsync(listener.LocalEndPoint!);
        var accepted = await listener.AcceptAsync();
        sender.LingerState = new LingerOption(true, 0);
        sender.Dispose(); // a reset
        await Task.Delay(100);
        var connection = new MllpServerConnection(server, accepted);

        connection.RequestStop();
        await connection.RunAsync(ownThreadId: null).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(accepted.Connected);
        Assert.Throws<ObjectDisposedException>(() => accepted.Available);
    }

    [Fact]
    public async Task Server_ConnectionLimitReached_RefusesFurtherConnectionsUntilOneCloses()
    {
        var options = Options();
        options.MaxConnections = 2;
        await using var server = MllpServer.Start(options);
        using var first = await Connect(server);
        using var second = await Connect(server);
        await WaitUntil(() => server.OpenConnections == 2);

        // The refusal is an immediate close with a reset, which can reach the client before its connect completes.
        var third = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await third.ConnectAsync(server.LocalEndPoint);
            Assert.Equal(0, await ReceiveWithin(third, TimeSpan.FromSeconds(5)));
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
        }
        finally
        {
            third.Dispose();
        }

        await WaitUntil(() => server.ConnectionsRefused == 1);
        Assert.Equal(2, server.OpenConnections);

        first.Close();
        await WaitUntil(() => server.OpenConnections == 1);
        await using var client = Client(server);
        Assert.True((await client.SendAsync(TestMessages.OruBytes("LIMIT1"))).IsAccepted);
    }

    [Fact]
    public async Task Server_IdleConnection_IsClosedWhenTheIdleTimePasses()
    {
        var time = new FakeTimeProvider();
        var options = Options();
        options.IdleTimeout = TimeSpan.FromMinutes(1);
        await using var server = MllpServer.Start(options, timeProvider: time);
        using var socket = await Connect(server);
        await WaitUntil(() => server.OpenConnections == 1 && time.PendingTimers > 0);

        time.Advance(TimeSpan.FromSeconds(59));
        await Task.Delay(100);
        Assert.Equal(1, server.OpenConnections);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(0, await ReceiveWithin(socket, TimeSpan.FromSeconds(5)));
        await WaitUntil(() => server.OpenConnections == 0);
    }

    [Fact]
    public async Task StopAsync_MessageInFlight_FinishesItThenStopsAccepting()
    {
        var entered = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var server = MllpServer.Start(Options(), async _ =>
        {
            entered.TrySetResult();
            await release.Task;
            return MllpResponse.Accept;
        });
        var port = server.LocalEndPoint.Port;
        await using var client = Client(server);

        var sending = client.SendAsync(TestMessages.OruBytes("INFLIGHT1")).AsTask();
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(5));
        var stopping = server.StopAsync();
        await Task.Delay(100);
        Assert.False(stopping.IsCompleted);
        release.SetResult();

        Assert.True((await sending.WaitAsync(TimeSpan.FromSeconds(5))).IsAccepted);
        await stopping.WaitAsync(TimeSpan.FromSeconds(5));
        await Assert.ThrowsAsync<SocketException>(async () =>
        {
            using var late = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await late.ConnectAsync(IPAddress.Loopback, port);
        });
        await server.DisposeAsync();
    }

    [Fact]
    public async Task StopAsync_GraceExpires_AbortsTheRemainingConnections()
    {
        await using var server = MllpServer.Start(Options(), async request =>
        {
            await Task.Delay(Timeout.Infinite, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            return MllpResponse.Accept;
        });
        await using var client = MllpClientPythonPeerTests.Create(server.LocalEndPoint.Port, o => o.AckTimeout = TimeSpan.FromSeconds(20));
        var sending = client.SendAsync(TestMessages.OruBytes("ABORT1")).AsTask();
        await WaitUntil(() => server.OpenConnections == 1);
        await Task.Delay(100);

        using var grace = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await server.StopAsync(grace.Token).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.NotEqual(MllpOutcome.Accepted, (await sending.WaitAsync(TimeSpan.FromSeconds(10))).Outcome);
    }

    [Fact]
    public async Task Server_LogPayloadsOff_NeverLogsTheMessage()
    {
        var logs = new ListLoggerProvider();
        await using (var server = MllpServer.Start(Options(), (IMllpMessageHandler?)null, logs))
        {
            await using var client = Client(server);
            await client.SendAsync(TestMessages.Oru("SLOG1", 1, patientName: "Secret^Patient"));
        }

        Assert.NotEmpty(logs.Entries);
        Assert.DoesNotContain("Secret", logs.AllText, StringComparison.Ordinal);
        Assert.All(logs.Entries, e => Assert.InRange(e.EventId.Id, 4100, 4199));
    }

    internal static MllpServerOptions Options() => new() { Host = "127.0.0.1", Port = 0 };

    internal static IMllpClient Client(MllpServer server) => MllpClientPythonPeerTests.Create(server.LocalEndPoint.Port);

    internal static async Task<Socket> Connect(MllpServer server)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.LocalEndPoint);
        return socket;
    }

    internal static async Task<int> ReceiveWithin(Socket socket, TimeSpan timeout)
    {
        var buffer = new byte[4096];
        try
        {
            return await socket.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(timeout);
        }
        catch (SocketException)
        {
            return 0; // reset counts as closed
        }
    }

    internal static async Task<string> ReadFrame(Socket socket)
    {
        var buffer = new byte[65536];
        var total = 0;
        while (total < 2 || buffer[total - 2] != 0x1C)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(total)).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(n > 0, "connection closed before a whole frame arrived");
            total += n;
        }

        Assert.Equal(0x0B, buffer[0]);
        return Encoding.UTF8.GetString(buffer, 1, total - 3);
    }

    internal static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(5);
        }
    }
}

internal static class AckTestExtensions
{
    public static string Message(this Hl7Ack ack) => string.Join("|", ack.Errors.Select(e => $"{e.CodeText}{e.DiagnosticInformation}{e.UserMessage}")) + ack.TextMessage;
}
