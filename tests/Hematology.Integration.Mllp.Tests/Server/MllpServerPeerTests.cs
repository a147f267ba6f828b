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
