using Hematology.Integration.Hl7Mapping;
using Hematology.Integration.Mllp.Tests.Support;
using Hematology.Integration.Testing.Peers;

namespace Hematology.Integration.Mllp.Tests.Client;

/// <summary>Our sender against npm receivers: @medplum/hl7 (persistent connection), node-hl7-server and simple-hl7.</summary>
public sealed class MllpClientNodePeerTests
{
    [Fact]
    public async Task SendAsync_MedplumAccepts_ReturnsAcceptedForManyMessagesOnOneConnection()
    {
        await using var receiver = await Hl7Receiver.StartNodeAsync(NodeHl7Library.Medplum, Hl7ReceiverMode.Ack);
        await using var client = MllpClientPythonPeerTests.Create(receiver.Port);

        for (var i = 1; i <= 20; i++)
        {
            var result = await client.SendAsync(TestMessages.OruBytes($"MP{i}"));
            Assert.Equal(MllpOutcome.Accepted, result.Outcome);
            Assert.Equal($"MP{i}", result.Ack!.AcknowledgedControlId);
        }

        Assert.Equal(20, (await receiver.WaitForMessagesAsync(20)).Count);
    }

    [Theory]
    [InlineData(Hl7ReceiverMode.ApplicationError, MllpOutcome.ApplicationError)]
    [InlineData(Hl7ReceiverMode.Reject, MllpOutcome.Rejected)]
    public async Task SendAsync_MedplumAnswersNegatively_ReturnsTheMatchingOutcome(Hl7ReceiverMode mode, MllpOutcome expected)
    {
        await using var receiver = await Hl7Receiver.StartNodeAsync(NodeHl7Library.Medplum, mode);
        await using var client = MllpClientPythonPeerTests.Create(receiver.Port);

        var result = await client.SendAsync(TestMessages.OruBytes("MPNEG1"));

        Assert.Equal(expected, result.Outcome);
        Assert.Equal("MPNEG1", result.Ack!.AcknowledgedControlId);
    }

    [Fact]
    public async Task SendAsync_MedplumAnswersLate_TimesOutAndTheNextMessageGetsItsOwnAck()
    {
        // Wide margins: on a busy 2-core machine the timeout's timer can run hundreds of milliseconds late.
        await using var receiver = await Hl7Receiver.StartNodeAsync(NodeHl7Library.Medplum, Hl7ReceiverMode.Delay, TimeSpan.FromSeconds(3));
        var options = new MllpClientOptions { Host = "127.0.0.1", Port = receiver.Port, ConnectAttempts = 1, AckTimeout = TimeSpan.FromSeconds(1) };
        await using var client = MllpClient.Create(options);

        var late = await client.SendAsync(TestMessages.OruBytes("MPLATE1"));
        options.AckTimeout = TimeSpan.FromSeconds(5); // the same client, patient enough for the second message
        var next = await client.SendAsync(TestMessages.OruBytes("MPLATE2"));

        Assert.Equal(MllpOutcome.AckTimeout, late.Outcome);
        Assert.Equal(MllpOutcome.Accepted, next.Outcome);
        Assert.Equal("MPLATE2", next.Ack!.AcknowledgedControlId);
    }

    [Theory]
    [InlineData(Hl7ReceiverMode.Close)]
    [InlineData(Hl7ReceiverMode.Partial)]
    public async Task SendAsync_MedplumClosesTheConnection_ReturnsConnectionClosed(Hl7ReceiverMode mode)
    {
        await using var receiver = await Hl7Receiver.StartNodeAsync(NodeHl7Library.Medplum, mode);
        await using var client = MllpClientPythonPeerTests.Create(receiver.Port);

        var result = await client.SendAsync(TestMessages.OruBytes("MPCLOSE1"));

        Assert.Equal(MllpOutcome.ConnectionClosed, result.Outcome);
    }

    [Fact]
    public async Task SendAsync_MedplumAckForAnotherMessage_ReturnsControlIdMismatchAndReconnects()
    {
        await using var receiver = await Hl7Receiver.StartNodeAsync(NodeHl7Library.Medplum, Hl7ReceiverMode.WrongControlId);
        await using var client = MllpClientPythonPeerTests.Create(receiver.Port);

        var result = await client.SendAsync(TestMessages.OruBytes("MPWID1"));

        Assert.Equal(MllpOutcome.ProtocolError, result.Outcome);
        Assert.Equal(MllpProtocolError.ControlIdMismatch, result.ProtocolError);
        Assert.Equal("NOT-MPWID1", result.Ack!.AcknowledgedControlId);
        Assert.Equal(AckCode.ApplicationAccept, result.Ack.Code);
        Assert.False(result.IsAccepted);
        Assert.False(((DefaultMllpClient)client).IsConnected);
    }

    [Fact]
    public async Task SendAsync_MedplumNeverAnswers_ReturnsAckTimeoutAndClosesTheConnection()
    {
        await using var receiver = await Hl7Receiver.StartNodeAsync(NodeHl7Library.Medplum, Hl7ReceiverMode.NoReply);
        await using var client = MllpClientPythonPeerTests.Create(receiver.Port, o => o.AckTimeout = TimeSpan.FromMilliseconds(300));

        var result = await client.SendAsync(TestMessages.OruBytes("MPNOREPLY1"));

        Assert.Equal(MllpOutcome.AckTimeout, result.Outcome);
        Assert.Null(result.Ack);
        Assert.False(((DefaultMllpClient)client).IsConnected);
        Assert.Single(await receiver.WaitForMessagesAsync(1));
    }

    [Fact]
    public async Task SendAsync_MedplumClosesWhileTheFrameIsBeingSent_ReturnsConnectionClosed()
    {
        await using var receiver = await Hl7Receiver.StartNodeAsync(NodeHl7Library.Medplum, Hl7ReceiverMode.MidClose);
        await using var client = MllpClientPythonPeerTests.Create(receiver.Port);

        var result = await client.SendAsync(TestMessages.OruBytes("MPMIDCLOSE1", obx: 2000));

        Assert.Equal(MllpOutcome.ConnectionClosed, result.Outcome);
        Assert.Null(result.Ack);
    }

    [Theory]
    [InlineData(Hl7ReceiverMode.Unframed)]
    [InlineData(Hl7ReceiverMode.Garbage)]
    public async Task SendAsync_MedplumReplyIsNotAFrame_ReturnsUnframedReplyProtocolError(Hl7ReceiverMode mode)
    {
        await using var receiver = await Hl7Receiver.StartNodeAsync(NodeHl7Library.Medplum, mode);
        await using var client = MllpClientPythonPeerTests.Create(receiver.Port);

        var result = await client.SendAsync(TestMessages.OruBytes("MPUNFRAMED1"));

        Assert.Equal(MllpOutcome.ProtocolError, result.Outcome);
        Assert.Equal(MllpProtocolError.UnframedReply, result.ProtocolError);
        Assert.False(((DefaultMllpClient)client).IsConnected);
    }

    [Fact]
    public async Task SendAsync_NodeHl7ServerWithAFreshConnectionPerMessage_ReturnsAccepted()
    {
        // node-hl7-server answers only the first message of a connection correctly (PEERS.md §4.2).
        await using var receiver = await Hl7Receiver.StartNodeAsync(NodeHl7Library.NodeHl7Server, Hl7ReceiverMode.Ack);
        for (var i = 1; i <= 3; i++)
        {
            await using var client = MllpClientPythonPeerTests.Create(receiver.Port);
            var result = await client.SendAsync(TestMessages.OruBytes($"NHS{i}"));
            Assert.Equal(MllpOutcome.Accepted, result.Outcome);
            Assert.Equal($"NHS{i}", result.Ack!.AcknowledgedControlId);
        }
    }

    [Fact]
    public async Task SendAsync_NodeHl7ServerOnAPersistentConnection_NeverAcceptsAStaleAck()
    {
        // Its second ACK on one connection repeats MSA-2 of the first message: we must report, never accept it.
        await using var receiver = await Hl7Receiver.StartNodeAsync(NodeHl7Library.NodeHl7Server, Hl7ReceiverMode.Ack);
        await using var client = MllpClientPythonPeerTests.Create(receiver.Port, o => o.AckTimeout = TimeSpan.FromSeconds(2));

        var first = await client.SendAsync(TestMessages.OruBytes("NHSP1"));
        var second = await client.SendAsync(TestMessages.OruBytes("NHSP2"));

        Assert.Equal(MllpOutcome.Accepted, first.Outcome);
        Assert.True(second.Outcome != MllpOutcome.Accepted || second.Ack!.AcknowledgedControlId == "NHSP2", second.ToString());
    }

    [Fact]
    public async Task SendAsync_SimpleHl7Accepts_ReturnsAccepted()
    {
        await using var receiver = await Hl7Receiver.StartNodeAsync(NodeHl7Library.SimpleHl7, Hl7ReceiverMode.Ack);
        await using var client = MllpClientPythonPeerTests.Create(receiver.Port);

        for (var i = 1; i <= 3; i++)
        {
            var result = await client.SendAsync(TestMessages.OruBytes($"SIMPLE{i}"));
            Assert.Equal(MllpOutcome.Accepted, result.Outcome);
        }
    }
}
