using System.Net.Sockets;
using System.Text;
using Hematology.Integration.Hl7Mapping;
using Hematology.Integration.Mllp.Tests.Support;

namespace Hematology.Integration.Mllp.Tests.Server;

/// <summary>
/// The receiver decodes and parses a message on the handler's first use of <see cref="MllpRequest.Text"/> or
/// <see cref="MllpRequest.Message"/>, yet answers every unreadable message AR with the parse error before any handler
/// sees it, exactly as when it parsed every message up front.
/// </summary>
public sealed class MllpServerParseOnUseTests
{
    [Fact]
    public async Task Handler_NeverReadsTheMessage_GetsAAWithItsControlIdAndNothingIsParsed()
    {
        var seen = new List<MllpRequest>();
        await using var server = MllpServer.Start(MllpServerBehaviourTests.Options(), request =>
        {
            lock (seen)
            {
                seen.Add(request);
            }

            return ValueTask.FromResult(MllpResponse.Accept);
        });
        using var socket = await Connect(server);

        foreach (var id in new[] { "LAZY1", "LAZY2", "LAZY3" })
        {
            await socket.SendAsync(TestMessages.Frame(TestMessages.OruBytes(id, obx: 25)));
            var ack = Hl7Ack.Parse(Encoding.UTF8.GetBytes(await ReadFrame(socket)));
            Assert.Equal(AckCode.ApplicationAccept, ack.Code);
            Assert.Equal(id, ack.AcknowledgedControlId);
            Assert.Empty(ack.Errors);
        }

        Assert.Equal(3, seen.Count);
        Assert.All(seen, request => Assert.False(request.IsParsed));

        // Read afterwards, the message is still complete and right.
        Assert.Equal("LAZY2", seen[1].ControlId);
        Assert.Equal("LAZY2", seen[1].Message.ControlId);
        Assert.True(seen[1].IsParsed);
        Assert.Equal(28, seen[1].Message.SegmentCount);
        Assert.Equal("Doe", seen[1].Message.GetValue("PID-5.1"));
        Assert.Equal(TestMessages.Oru("LAZY2", obx: 25), seen[1].Text);
        Assert.Equal(TestMessages.OruBytes("LAZY2", obx: 25), seen[1].Payload.ToArray());
    }

    [Fact]
    public async Task Handler_ReadsTheMessage_SeesTheParsedMessageAndTheSameTextAsTheBytes()
    {
        string? name = null;
        string? text = null;
        await using var server = MllpServer.Start(MllpServerBehaviourTests.Options(), request =>
        {
            name = request.Message.GetValue("PID-5.2");
            text = request.Text;
            return ValueTask.FromResult(MllpResponse.Accept);
        });
        using var socket = await Connect(server);
        var message = TestMessages.Oru("READ1", obx: 2, patientName: "Müller^Zoë");

        await socket.SendAsync(TestMessages.Frame(message));
        var ack = Hl7Ack.Parse(Encoding.UTF8.GetBytes(await ReadFrame(socket)));

        Assert.Equal(AckCode.ApplicationAccept, ack.Code);
        Assert.Equal("Zoë", name);
        Assert.Equal(message, text);
    }

    [Fact]
    public async Task Server_HeaderChangesBetweenMessagesOfOneConnection_EachAckAnswersItsOwnHeader()
    {
        var seen = new List<Hl7Header>();
        await using var server = MllpServer.Start(MllpServerBehaviourTests.Options(), request =>
        {
            lock (seen)
            {
                seen.Add(request.Header);
            }

            return ValueTask.FromResult(MllpResponse.Accept);
        });
        using var socket = await Connect(server);
        string[] messages =
        [
            "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|H1|P|2.5.1\rPID|1\r",
            "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080001||ORU^R01^ORU_R01|H2|P|2.5.1\rPID|1\r",
            "MSH|^~\\&|OTHER|LAB|LIS|HOSP|20260115080002||ORU^R01^ORU_R01|H3|T|2.5.1\rPID|1\r",
            "MSH|^~\\&|OTHER|LAB|LIS|HOSP|20260115080003||ORU^R30^ORU_R30|H\\T\\4|T|2.5.1\rPID|1\r",
        ];

        var acks = new List<Hl7Ack>();
        foreach (var message in messages)
        {
            await socket.SendAsync(TestMessages.Frame(message));
            acks.Add(Hl7Ack.Parse(Encoding.UTF8.GetBytes(await ReadFrame(socket))));
        }

        Assert.Equal(["H1", "H2", "H3", "H&4"], acks.Select(a => a.AcknowledgedControlId));
        Assert.Equal(["ACK^R01^ACK", "ACK^R01^ACK", "ACK^R01^ACK", "ACK^R30^ACK"], acks.Select(a => a.MessageType));
        Assert.Equal(messages.Select(m => Hl7Header.Read(Encoding.UTF8.GetBytes(m))), seen);
    }

    public static TheoryData<string> UnreadableMessages => new()
    {
        "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115||ORU^R01|BADSEG1|P|2.5.1\rPID|1\r1X|bad segment id\r",
        "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115||ORU^R01|BADSEG2|P|2.5.1\rPID|1\nobx|1|NM\r",
        "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115||ORU^R01|BADSEG3|P|2.5.1\rPID|1\rMSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115||ORU^R01|NEXT|P|2.5.1\r",
        "MSH|^~\\&|HEMA|Zürich|LIS|HOSP|20260115||ORU^R01|BADSEG4|P|2.5.1\rPID|1\rOB\r",
        "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115||ORU^R01|BADSEG5|P|2.5.1\rPID1|x\r",
    };

    [Theory]
    [MemberData(nameof(UnreadableMessages))]
    public async Task Server_UnreadableMessage_AnswersARWithTheParseErrorAndNeverCallsTheHandler(string message)
    {
        var handled = 0;
        await using var server = MllpServer.Start(MllpServerBehaviourTests.Options(), _ =>
        {
            Interlocked.Increment(ref handled);
            return ValueTask.FromResult(MllpResponse.Accept);
        });
        using var socket = await Connect(server);

        await socket.SendAsync(TestMessages.Frame(message));
        var ack = Hl7Ack.Parse(Encoding.UTF8.GetBytes(await ReadFrame(socket)));

        // The answer is the one the full parse gives: AR, MSA-2 = MSH-10, ERR at the parse error's location.
        var expected = ExpectedError(message);
        var controlId = message.Split('|')[9];
        Assert.Equal(AckCode.ApplicationReject, ack.Code);
        Assert.Equal(controlId, ack.AcknowledgedControlId);
        Assert.Equal("Message could not be parsed", ack.TextMessage);
        var error = Assert.Single(ack.Errors);
        Assert.Equal(expected.Code, error.Code);
        Assert.Equal(expected.Location, error.Location);
        Assert.Equal(0, Volatile.Read(ref handled));

        // The connection keeps serving.
        await socket.SendAsync(TestMessages.Frame(TestMessages.OruBytes("AFTER1", obx: 1)));
        var next = Hl7Ack.Parse(Encoding.UTF8.GetBytes(await ReadFrame(socket)));
        Assert.Equal(AckCode.ApplicationAccept, next.Code);
        Assert.Equal("AFTER1", next.AcknowledgedControlId);
    }

    [Fact]
    public async Task Server_UnreadableMsh_AnswersARWithTheHeaderErrorAndNeverCallsTheHandler()
    {
        var handled = 0;
        await using var server = MllpServer.Start(MllpServerBehaviourTests.Options(), _ =>
        {
            Interlocked.Increment(ref handled);
            return ValueTask.FromResult(MllpResponse.Accept);
        });
        using var socket = await Connect(server);
        var message = "MSH|^~|HEMA|LAB|LIS|HOSP|20260115||ORU^R01|BADMSH1|P|2.5.1\rPID|1\r";

        await socket.SendAsync(TestMessages.Frame(message));
        var ack = Hl7Ack.Parse(Encoding.UTF8.GetBytes(await ReadFrame(socket)));

        // Without readable delimiters the ACK is built on an empty header (MSA-2 empty), as AckBuilder does for raw bytes.
        Assert.Equal(AckCode.ApplicationReject, ack.Code);
        var error = Assert.Single(ack.Errors);
        Assert.Equal(ExpectedError(message).Location, error.Location);
        Assert.Equal(new Hl7ErrorLocation("MSH", 0, 2), error.Location);
        Assert.Equal(0, Volatile.Read(ref handled));
    }

    [Fact]
    public async Task Server_UseMessageCharsetLatin1WithABadSegment_AnswersAR()
    {
        var options = MllpServerBehaviourTests.Options();
        options.UseMessageCharset = true;
        await using var server = MllpServer.Start(options);
        using var socket = await Connect(server);
        var message = TestMessages.Oru("L1BAD", obx: 1, charset: "8859/1", patientName: "Müller") + "Öbx|1\r";

        await socket.SendAsync(TestMessages.Frame(Encoding.Latin1.GetBytes(message)));
        var ack = Hl7Ack.Parse(Encoding.UTF8.GetBytes(await ReadFrame(socket)));

        Assert.Equal(AckCode.ApplicationReject, ack.Code);
        Assert.Equal("L1BAD", ack.AcknowledgedControlId);
        Assert.Equal(Hl7ErrorCode.SegmentSequenceError, Assert.Single(ack.Errors).Code);
    }

    private static AckError ExpectedError(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        var error = Hl7Header.TryRead(bytes, out _, out var headerError)
            ? Hl7Message.TryParse(message.AsMemory(), out _, out var parseError) ? null : parseError
            : headerError;
        Assert.NotNull(error);
        return AckError.FromParseException(error);
    }

    private static async Task<Socket> Connect(MllpServer server)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.LocalEndPoint);
        return socket;
    }

    private static async Task<string> ReadFrame(Socket socket)
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
}
