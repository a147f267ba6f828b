using System.Text;
using Hematology.Integration.Mllp.Tests.Server;
using Hematology.Integration.Mllp.Tests.Support;
using Hematology.Integration.Mllp.Tests.Tls;
using Hematology.Integration.Testing.Peers;

namespace Hematology.Integration.Mllp.Tests.Wire;

/// <summary>
/// What goes over the wire, decoded by an independent implementation: Wireshark's HL7 dissector (tshark) on a
/// loopback capture. Each frame must travel as one TCP segment (several npm receivers lose a frame whose end bytes
/// arrive apart, PEERS.md §4), and with TLS on, no HL7 and no patient data may appear in the clear.
/// </summary>
public sealed class MllpWireTests
{
    [Fact]
    public async Task Wire_PlainExchanges_EachFrameTravelsInOneSegmentThatTsharkDecodesAsHl7()
    {
        await using var server = MllpServer.Start(MllpServerBehaviourTests.Options());
        var port = server.LocalEndPoint.Port;
        await using var capture = await WireCapture.StartAsync(port);
        string[] ids = ["WIRE1", "WIRE2", "WIRE3"];
        var messages = ids.Select(id => TestMessages.OruBytes(id)).ToArray();
        await using (var client = MllpServerBehaviourTests.Client(server))
        {
            foreach (var message in messages)
            {
                Assert.True((await client.SendAsync(message)).IsAccepted);
            }
        }

        var wire = await capture.Hl7MessagesAsync();

        var sent = wire.Where(m => m.SourcePort != port).ToList();
        var acks = wire.Where(m => m.SourcePort == port).ToList();
        Assert.Equal(ids, sent.Select(m => m.Field("MSH", 10)));
        Assert.Equal(messages.Select(m => m.Length + 3), sent.Select(m => m.TcpLength));
        Assert.Equal(26, sent[0].Segments.Count(s => s.StartsWith("OBX|", StringComparison.Ordinal) || s.StartsWith("OBR|", StringComparison.Ordinal)));
        Assert.Equal(ids, acks.Select(m => m.Field("MSA", 2)));
        Assert.All(acks, ack =>
        {
            Assert.Equal("AA", ack.Field("MSA", 1));
            Assert.Equal("ACK^R01^ACK", ack.Field("MSH", 9));
            Assert.Equal(ack.Segments.Sum(s => s.Length + 1) + 3, ack.TcpLength);
        });
    }

    [Fact]
    public async Task Wire_TlsExchanges_CarryNoHl7AndNoPatientDataInTheClear()
    {
        await using var server = MllpServer.Start(MllpTlsTests.TlsServer());
        var port = server.LocalEndPoint.Port;
        await using var capture = await WireCapture.StartAsync(port);
        await using (var client = MllpTlsTests.TlsClient(port, TestCertificates.Sha256(TestCertificates.Server)))
        {
            for (var i = 0; i < 2; i++)
            {
                var message = Encoding.UTF8.GetBytes(TestMessages.Oru("TLSWIRE" + i, patientName: "Wiretapped^Patient"));
                Assert.True((await client.SendAsync(message)).IsAccepted);
            }
        }

        // The capture saw the connection (so an empty result below means encrypted, not missed).
        Assert.Equal(1, await capture.CountAsync("tls.handshake.type == 1", "tls"));
        Assert.True(await capture.CountAsync("tls.app_data", "tls") >= 4);
        Assert.DoesNotContain(await capture.Hl7MessagesAsync(), m => m.Field("MSH", 10) is not null);
        var raw = await File.ReadAllBytesAsync(capture.File);
        Assert.Equal(-1, raw.AsSpan().IndexOf("MSH|"u8));
        Assert.Equal(-1, raw.AsSpan().IndexOf("Wiretapped"u8));
    }
}
