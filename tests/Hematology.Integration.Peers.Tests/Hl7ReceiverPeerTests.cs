using Hematology.Integration.Testing.Peers;

namespace Hematology.Integration.Peers.Tests;

public sealed class Hl7ReceiverPeerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task PythonHl7Receiver_OneFramedMessage_AcknowledgesWithItsControlIdAndRecordsIt()
    {
        await using var receiver = await Hl7Receiver.StartPythonAsync();

        var ack = await RawMllp.ExchangeAsync(receiver.Port, RawMllp.Message("CTRL0001"), Timeout);

        Assert.NotNull(ack);
        Assert.Equal("AA", RawMllp.Field(ack, "MSA", 1));
        Assert.Equal("CTRL0001", RawMllp.Field(ack, "MSA", 2));
        var received = await receiver.WaitForMessagesAsync(1);
        var only = Assert.Single(received);
        Assert.Equal("13.5", RawMllp.Field(only, "OBX", 5));
    }

    [Theory]
    [InlineData(Hl7ReceiverMode.ApplicationError, "AE")]
    [InlineData(Hl7ReceiverMode.Reject, "AR")]
    [InlineData(Hl7ReceiverMode.CommitAccept, "CA")]
    public async Task PythonHl7Receiver_FaultMode_RepliesThatCode(Hl7ReceiverMode mode, string expected)
    {
        await using var receiver = await Hl7Receiver.StartPythonAsync(mode);

        var ack = await RawMllp.ExchangeAsync(receiver.Port, RawMllp.Message("CTRL0002"), Timeout);

        Assert.NotNull(ack);
        Assert.Equal(expected, RawMllp.Field(ack, "MSA", 1));
        Assert.Equal("CTRL0002", RawMllp.Field(ack, "MSA", 2));
    }

    [Fact]
    public async Task PythonHl7Receiver_WrongControlIdMode_RepliesAnotherMsa2()
    {
        await using var receiver = await Hl7Receiver.StartPythonAsync(Hl7ReceiverMode.WrongControlId);

        var ack = await RawMllp.ExchangeAsync(receiver.Port, RawMllp.Message("CTRL0003"), Timeout);

        Assert.NotNull(ack);
        Assert.NotEqual("CTRL0003", RawMllp.Field(ack, "MSA", 2));
    }

    [Theory]
    [InlineData(NodeHl7Library.Medplum)]
    [InlineData(NodeHl7Library.SimpleHl7)]
    [InlineData(NodeHl7Library.NodeHl7Server)]
    public async Task NodeHl7Receiver_OneFramedMessage_AcknowledgesWithItsControlIdAndRecordsIt(NodeHl7Library library)
    {
        await using var receiver = await Hl7Receiver.StartNodeAsync(library);

        var ack = await RawMllp.ExchangeAsync(receiver.Port, RawMllp.Message("NODE0001"), Timeout);

        Assert.NotNull(ack);
        Assert.Equal("AA", RawMllp.Field(ack, "MSA", 1));
        Assert.Equal("NODE0001", RawMllp.Field(ack, "MSA", 2));
        var received = await receiver.WaitForMessagesAsync(1);
        Assert.Contains("NODE0001", Assert.Single(received), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeHl7Receiver_RejectMode_RepliesAr()
    {
        await using var receiver = await Hl7Receiver.StartNodeAsync(NodeHl7Library.Medplum, Hl7ReceiverMode.Reject);

        var ack = await RawMllp.ExchangeAsync(receiver.Port, RawMllp.Message("NODE0002"), Timeout);

        Assert.NotNull(ack);
        Assert.Equal("AR", RawMllp.Field(ack, "MSA", 1));
    }

    [Fact]
    public async Task Receiver_Disposed_StopsListening()
    {
        int port;
        await using (var receiver = await Hl7Receiver.StartPythonAsync())
        {
            port = receiver.Port;
        }

        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(async () =>
        {
            using var client = new System.Net.Sockets.TcpClient();
            await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
        });
    }

    [Fact]
    public void RequireNodePackage_Missing_FailsWithInstallHint()
    {
        var error = Assert.Throws<PeerMissingException>(() => PeerTools.RequireNodePackage("no-such-hl7-package"));
        Assert.Contains("tests/peers/install.sh", error.Message, StringComparison.Ordinal);
    }
}
