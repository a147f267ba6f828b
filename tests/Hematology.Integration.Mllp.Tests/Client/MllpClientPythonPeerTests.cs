using Hematology.Integration.Hl7Mapping;
using Hematology.Integration.Mllp.Tests.Support;
using Hematology.Integration.Testing.Peers;

namespace Hematology.Integration.Mllp.Tests.Client;

/// <summary>Our sender against python3-hl7's MLLP receiver (hl7.mllp), in every reply mode it has.</summary>
public sealed class MllpClientPythonPeerTests
{
    [Fact]
    public async Task SendAsync_ReceiverAccepts_ReturnsAcceptedForEachMessageOnOneConnection()
    {
        await using var receiver = await Hl7Receiver.StartPythonAsync(Hl7ReceiverMode.Ack);
        await using var client = Create(receiver.Port);

        for (var i = 1; i <= 5; i++)
        {
            var result = await client.SendAsync(TestMessages.OruBytes($"PYOK{i}"));

            Assert.Equal(MllpOutcome.Accepted, result.Outcome);
            Assert.True(result.IsAccepted);
            Assert.Equal($"PYOK{i}", result.ControlId);
            Assert.Equal($"PYOK{i}", result.Ack!.AcknowledgedControlId);
            Assert.Equal(AckCode.ApplicationAccept, result.Ack.Code);
            Assert.True(result.Latency > TimeSpan.Zero);
        }

        var received = await receiver.WaitForMessagesAsync(5);
        Assert.Equal(["PYOK1", "PYOK2", "PYOK3", "PYOK4", "PYOK5"], received.Select(m => m.Split('|')[9]));
        Assert.Contains("OBX|25|", received[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ReceiverAnswersAE_ReturnsApplicationErrorWithErrDetails()
    {
        await using var receiver = await Hl7Receiver.StartPythonAsync(Hl7ReceiverMode.ApplicationError);
        await using var client = Create(receiver.Port);

        var result = await client.SendAsync(TestMessages.OruBytes("PYAE1"));

        Assert.Equal(MllpOutcome.ApplicationError, result.Outcome);
        Assert.Equal(AckCode.ApplicationError, result.Ack!.Code);
        Assert.Equal(Hl7ErrorCode.ApplicationInternalError, Assert.Single(result.Ack.Errors).Code);
        Assert.Contains("ERR-3 207", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ReceiverAnswersAR_ReturnsRejected()
    {
        await using var receiver = await Hl7Receiver.StartPythonAsync(Hl7ReceiverMode.Reject);
        await using var client = Create(receiver.Port);

        var result = await client.SendAsync(TestMessages.OruBytes("PYAR1"));

        Assert.Equal(MllpOutcome.Rejected, result.Outcome);
        Assert.Equal(AckCode.ApplicationReject, result.Ack!.Code);
        Assert.Equal("Simulated AR from test peer", result.Ack.TextMessage);
    }

    [Fact]
    public async Task SendAsync_ReceiverAnswersCA_ReturnsAccepted()
    {
        await using var receiver = await Hl7Receiver.StartPythonAsync(Hl7ReceiverMode.CommitAccept);
        await using var client = Create(receiver.Port);

        var result = await client.SendAsync(TestMessages.OruBytes("PYCA1"));

        Assert.Equal(MllpOutcome.Accepted, result.Outcome);
        Assert.Equal(AckCode.CommitAccept, result.Ack!.Code);
    }

    [Fact]
    public async Task SendAsync_AckArrivesAfterTheTimeout_NextMessageGetsItsOwnAckNotTheLateOne()
    {
        // Every second message is delayed past the ACK timeout; its late ACK must never be taken for the next one.
        // Wide margins: the prompt ACKs must arrive well within the timeout even on a loaded 2-core CI machine.
        await using var receiver = await Hl7Receiver.StartPythonAsync(Hl7ReceiverMode.Delay, TimeSpan.FromSeconds(3), faultEvery: 2);
        await using var client = Create(receiver.Port, o => o.AckTimeout = TimeSpan.FromSeconds(1));

        var first = await client.SendAsync(TestMessages.OruBytes("LATE1"));
        var second = await client.SendAsync(TestMessages.OruBytes("LATE2"));
        var third = await client.SendAsync(TestMessages.OruBytes("LATE3"));
        await Task.Delay(2500); // the delayed ACK of LATE2 is written by now (to a closed connection)
        var fourth = await client.SendAsync(TestMessages.OruBytes("LATE4"));

        Assert.Equal(MllpOutcome.Accepted, first.Outcome);
        Assert.Equal(MllpOutcome.AckTimeout, second.Outcome);
        Assert.Null(second.Ack);
        Assert.InRange(second.Latency, TimeSpan.FromSeconds(0.95), TimeSpan.FromSeconds(2.5)); // system timers may fire a tick early
        Assert.Equal(MllpOutcome.Accepted, third.Outcome);
        Assert.Equal("LATE3", third.Ack!.AcknowledgedControlId);
        Assert.Equal(MllpOutcome.AckTimeout, fourth.Outcome);
    }

    [Fact]
    public async Task SendAsync_AckForAnotherMessage_ReturnsControlIdMismatchAndReconnects()
    {
        await using var receiver = await Hl7Receiver.StartPythonAsync(Hl7ReceiverMode.WrongControlId, faultEvery: 2);
        await using var client = Create(receiver.Port);

        var first = await client.SendAsync(TestMessages.OruBytes("WID1"));
        var second = await client.SendAsync(TestMessages.OruBytes("WID2"));
        var wasConnected = ((DefaultMllpClient)client).IsConnected;
        var third = await client.SendAsync(TestMessages.OruBytes("WID3"));

        Assert.Equal(MllpOutcome.Accepted, first.Outcome);
        Assert.Equal(MllpOutcome.ProtocolError, second.Outcome);
        Assert.Equal(MllpProtocolError.ControlIdMismatch, second.ProtocolError);
        Assert.Equal("NOT-WID2", second.Ack!.AcknowledgedControlId);
        Assert.False(second.IsAccepted);
        Assert.False(wasConnected);
        Assert.Equal(MllpOutcome.Accepted, third.Outcome);
    }

    [Fact]
    public async Task SendAsync_ReceiverNeverAnswers_ReturnsAckTimeoutAndClosesTheConnection()
    {
        await using var receiver = await Hl7Receiver.StartPythonAsync(Hl7ReceiverMode.NoReply);
        await using var client = Create(receiver.Port, o => o.AckTimeout = TimeSpan.FromMilliseconds(300));

        var result = await client.SendAsync(TestMessages.OruBytes("NOREPLY1"));

        Assert.Equal(MllpOutcome.AckTimeout, result.Outcome);
        Assert.Contains("no ACK within 300 ms", result.Detail, StringComparison.Ordinal);
        Assert.False(((DefaultMllpClient)client).IsConnected);
    }

    [Theory]
    [InlineData(Hl7ReceiverMode.Close, "without sending an ACK")]
    [InlineData(Hl7ReceiverMode.Partial, "in the middle of the ACK frame")]
    public async Task SendAsync_ReceiverClosesTheConnection_ReturnsConnectionClosed(Hl7ReceiverMode mode, string detail)
    {
        await using var receiver = await Hl7Receiver.StartPythonAsync(mode);
        await using var client = Create(receiver.Port);

        var result = await client.SendAsync(TestMessages.OruBytes("CLOSE1"));

        Assert.Equal(MllpOutcome.ConnectionClosed, result.Outcome);
        Assert.Contains(detail, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ReceiverClosesWhileTheFrameIsBeingSent_ReturnsConnectionClosed()
    {
        await using var receiver = await Hl7Receiver.StartPythonAsync(Hl7ReceiverMode.MidClose);
        await using var client = Create(receiver.Port);

        var result = await client.SendAsync(TestMessages.OruBytes("MIDCLOSE1", obx: 2000));

        Assert.Equal(MllpOutcome.ConnectionClosed, result.Outcome);
    }

    [Theory]
    [InlineData(Hl7ReceiverMode.Unframed)]
    [InlineData(Hl7ReceiverMode.Garbage)]
    public async Task SendAsync_ReplyIsNotAFrame_ReturnsUnframedReplyProtocolError(Hl7ReceiverMode mode)
    {
        await using var receiver = await Hl7Receiver.StartPythonAsync(mode);
        await using var client = Create(receiver.Port);

        var result = await client.SendAsync(TestMessages.OruBytes("UNFRAMED1"));

        Assert.Equal(MllpOutcome.ProtocolError, result.Outcome);
        Assert.Equal(MllpProtocolError.UnframedReply, result.ProtocolError);
        Assert.False(((DefaultMllpClient)client).IsConnected);
    }

    [Fact]
    public async Task SendAsync_NonAsciiString_ArrivesAsUtf8()
    {
        await using var receiver = await Hl7Receiver.StartPythonAsync(Hl7ReceiverMode.Ack);
        await using var client = Create(receiver.Port);

        var result = await client.SendAsync(TestMessages.Oru("UTF1", obx: 1, patientName: "Müller^Zoë"));

        Assert.Equal(MllpOutcome.Accepted, result.Outcome);
        Assert.Contains("Müller^Zoë", Assert.Single(await receiver.WaitForMessagesAsync(1)), StringComparison.Ordinal);
    }

    internal static IMllpClient Create(int port, Action<MllpClientOptions>? configure = null)
    {
        var options = new MllpClientOptions { Host = "127.0.0.1", Port = port, ConnectAttempts = 1 };
        configure?.Invoke(options);
        return MllpClient.Create(options);
    }
}
