using System.Text.Json;
using Hematology.Integration.Mllp.Tests.Support;
using Hematology.Integration.Testing.Peers;

namespace Hematology.Integration.Mllp.Tests.Server;

/// <summary>Our receiver fed by real senders: python3-hl7's asyncio client and npm clients.</summary>
public sealed class MllpServerPeerTests
{
    [Fact]
    public async Task Server_PythonSenderManyMessagesOnOneConnection_AnswersEachWithItsOwnAA()
    {
        PeerTools.RequirePythonModule("hl7", "python3-hl7");
        var handled = new List<string>();
        await using var server = MllpServer.Start(Options(), request =>
        {
            lock (handled)
            {
                handled.Add(request.ControlId);
            }

            return ValueTask.FromResult(MllpResponse.Accept);
        });

        var acks = await RunAsync(PeerTools.Python, [PeerTools.Script("mllp_py_sender.py"), "--port", Port(server), "--count", "50"]);

        Assert.Equal(50, acks.Count);
        Assert.All(acks, a => Assert.Equal(("AA", a.ControlId), (a.Msa1, a.Msa2)));
        Assert.Equal(Enumerable.Range(1, 50).Select(i => $"PY1-{i}"), handled);
    }

    [Fact]
    public async Task Server_PythonSenderSeveralConnections_AnswersEveryMessage()
    {
        PeerTools.RequirePythonModule("hl7", "python3-hl7");
        await using var server = MllpServer.Start(Options());

        var acks = await RunAsync(PeerTools.Python, [PeerTools.Script("mllp_py_sender.py"), "--port", Port(server), "--count", "20", "--connections", "5"]);

        Assert.Equal(100, acks.Count);
        Assert.All(acks, a => Assert.Equal(("AA", a.ControlId), (a.Msa1, a.Msa2)));
        Assert.Equal(5, acks.Select(a => a.Connection).Distinct().Count());
        Assert.Equal(5, server.ConnectionsServed);
    }

    [Theory]
    [InlineData("medplum")]
    [InlineData("nhc")]
    public async Task Server_NodeSenderManyMessagesOnOneConnection_AnswersEachWithItsOwnAA(string library)
    {
        PeerTools.RequireNodePackage(library == "medplum" ? "@medplum/hl7" : "node-hl7-client");
        await using var server = MllpServer.Start(Options());

        var acks = await RunAsync("node", [PeerTools.Script("mllp_node_sender.js"), "--lib", library, "--port", Port(server), "--count", "30"]);

        Assert.Equal(30, acks.Count);
        Assert.All(acks, a => Assert.Equal(("AA", a.ControlId), (a.Msa1, a.Msa2)));
    }

    [Fact]
    public async Task Server_NodeSenderSeveralConnections_AnswersEveryMessage()
    {
        PeerTools.RequireNodePackage("@medplum/hl7");
        await using var server = MllpServer.Start(Options());

        var acks = await RunAsync("node", [PeerTools.Script("mllp_node_sender.js"), "--port", Port(server), "--count", "10", "--connections", "4"]);

        Assert.Equal(40, acks.Count);
        Assert.All(acks, a => Assert.Equal(a.ControlId, a.Msa2));
        Assert.Equal(4, server.ConnectionsServed);
    }

    [Fact]
    public async Task Server_PythonSenderWithOversizeMessage_ClosesTheConnectionWithoutAnAck()
    {
        PeerTools.RequirePythonModule("hl7", "python3-hl7");
        var options = Options();
        options.MaxFrameSize = 4096;
        await using var server = MllpServer.Start(options);

        var result = await PeerTools.RunAsync(PeerTools.Python, [PeerTools.Script("mllp_py_sender.py"), "--port", Port(server), "--obx", "200", "--timeout", "5"], timeout: TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(0, server.MessagesHandled);
    }

    [Fact]
    public async Task Server_NodeSenderWithOversizeMessage_ClosesTheConnectionWithoutAnAck()
    {
        PeerTools.RequireNodePackage("@medplum/hl7");
        var options = Options();
        options.MaxFrameSize = 4096;
        var logs = new ListLoggerProvider();
        await using var server = MllpServer.Start(options, (IMllpMessageHandler?)null, logs);

        var result = await PeerTools.RunAsync("node", [PeerTools.Script("mllp_node_sender.js"), "--port", Port(server), "--obx", "200", "--timeout", "5000"], timeout: TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(0, server.MessagesHandled);
        Assert.Contains(logs.Entries, e => e.EventId.Id == 4108);
    }

    [Fact]
    public async Task Server_PythonSenderByteByByte_AnswersEachMessage()
    {
        PeerTools.RequirePythonModule("hl7", "python3-hl7");
        await using var server = MllpServer.Start(Options());

        // One byte per write, drained and paused each time: hundreds of reads per frame on our side.
        var acks = await RunAsync(PeerTools.Python, [PeerTools.Script("mllp_py_sender.py"), "--port", Port(server), "--count", "2", "--obx", "1", "--slow", "0.0005"]);

        Assert.Equal(2, acks.Count);
        Assert.All(acks, a => Assert.Equal(("AA", a.ControlId), (a.Msa1, a.Msa2)));
        Assert.Equal(2, server.MessagesHandled);
    }

    [Fact]
    public async Task Server_PythonSenderDisconnectsMidFrame_DropsThePartialMessageAndKeepsServing()
    {
        PeerTools.RequirePythonModule("hl7", "python3-hl7");
        var logs = new ListLoggerProvider();
        await using var server = MllpServer.Start(Options(), (IMllpMessageHandler?)null, logs);

        var cut = await PeerTools.RunAsync(PeerTools.Python, [PeerTools.Script("mllp_py_sender.py"), "--port", Port(server), "--cut", "100"], timeout: TimeSpan.FromSeconds(30));
        Assert.True(cut.ExitCode == 0, cut.StandardError);
        await WaitUntilAsync(() => logs.Entries.Any(e => e.EventId.Id == 4109));
        var acks = await RunAsync(PeerTools.Python, [PeerTools.Script("mllp_py_sender.py"), "--port", Port(server), "--count", "3"]);

        Assert.Equal(3, acks.Count);
        Assert.All(acks, a => Assert.Equal(("AA", a.ControlId), (a.Msa1, a.Msa2)));
        Assert.Equal(3, server.MessagesHandled);
        Assert.Equal(2, server.ConnectionsServed);
    }

    [Fact]
    public async Task Server_NodeSenderByteByByte_AnswersEachMessage()
    {
        PeerTools.RequireNodePackage("@medplum/hl7");
        await using var server = MllpServer.Start(Options());

        // @medplum/hl7's client connection, one byte per socket write with a pause after each.
        var acks = await RunAsync("node", [PeerTools.Script("mllp_node_sender.js"), "--port", Port(server), "--count", "2", "--obx", "1", "--slow", "1"]);

        Assert.Equal(2, acks.Count);
        Assert.All(acks, a => Assert.Equal(("AA", a.ControlId), (a.Msa1, a.Msa2)));
        Assert.Equal(2, server.MessagesHandled);
    }

    [Fact]
    public async Task Server_NodeSenderDisconnectsMidFrame_DropsThePartialMessageAndKeepsServing()
    {
        PeerTools.RequireNodePackage("@medplum/hl7");
        var logs = new ListLoggerProvider();
        await using var server = MllpServer.Start(Options(), (IMllpMessageHandler?)null, logs);

        var cut = await PeerTools.RunAsync("node", [PeerTools.Script("mllp_node_sender.js"), "--port", Port(server), "--cut", "100"], timeout: TimeSpan.FromSeconds(30));
        Assert.True(cut.ExitCode == 0, cut.StandardError);
        await WaitUntilAsync(() => logs.Entries.Any(e => e.EventId.Id == 4109));
        var acks = await RunAsync("node", [PeerTools.Script("mllp_node_sender.js"), "--port", Port(server), "--count", "3"]);

        Assert.Equal(3, acks.Count);
        Assert.All(acks, a => Assert.Equal(("AA", a.ControlId), (a.Msa1, a.Msa2)));
        Assert.Equal(3, server.MessagesHandled);
        Assert.Equal(2, server.ConnectionsServed);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(10);
        }
    }

    private static MllpServerOptions Options() => new() { Host = "127.0.0.1", Port = 0 };

    private static string Port(MllpServer server) => server.LocalEndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<List<PeerAck>> RunAsync(string executable, string[] args)
    {
        var result = await PeerTools.RunAsync(executable, args, timeout: TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, $"{executable} exited {result.ExitCode}: {result.StandardError}");
        using var json = JsonDocument.Parse(result.StandardOutput);
        return json.RootElement.GetProperty("acks").EnumerateArray()
            .Select(a => new PeerAck(a.GetProperty("connection").GetInt32(), a.GetProperty("controlId").GetString()!, a.GetProperty("msa1").GetString()!, a.GetProperty("msa2").GetString()!))
            .ToList();
    }

    private sealed record PeerAck(int Connection, string ControlId, string Msa1, string Msa2);
}
