using System.Globalization;
using Hematology.Integration.Testing.Peers;

namespace Hematology.Integration.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The python3-hl7 MLLP receiver (tests/peers/hl7_mllp_server.py) standing in for the LIMS on a port chosen by the
/// test, so it can be started after the pipeline (LIMS down at start) or replaced by one in another mode.
/// </summary>
internal sealed class Lims : IAsyncDisposable
{
    private readonly PeerProcess _process;

    private Lims(PeerProcess process, int port, string recordFile)
    {
        _process = process;
        Port = port;
        RecordFile = recordFile;
    }

    public int Port { get; }

    public string RecordFile { get; }

    public static async Task<Lims> StartAsync(int port, string recordFile, string mode = "ack", int faultEvery = 1, double delaySeconds = 5)
    {
        PeerTools.RequirePythonModule("hl7", "python3-hl7");
        var args = new List<string>
        {
            PeerTools.Script("hl7_mllp_server.py"), "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--mode", mode,
            "--fault-every", faultEvery.ToString(CultureInfo.InvariantCulture), "--delay", delaySeconds.ToString(CultureInfo.InvariantCulture),
            "--record", recordFile, "--quiet",
        };
        var process = await PeerProcess.StartAsync("python3-hl7 LIMS (" + mode + ")", PeerTools.Python, args, port);
        return new Lims(process, port, recordFile);
    }

    /// <summary>Every message the receiver got, in arrival order (resends included).</summary>
    public static IReadOnlyList<string> Received(string recordFile)
    {
        if (!File.Exists(recordFile))
        {
            return [];
        }

        var text = File.ReadAllText(recordFile).Replace("\r\n", "\n", StringComparison.Ordinal);
        return [.. text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(m => m.Replace('\n', '\r'))];
    }

    /// <summary>MSH-10 of every message received, in arrival order.</summary>
    public static IReadOnlyList<string> ControlIds(string recordFile) => [.. Received(recordFile).Select(ControlIdOf)];

    public static string ControlIdOf(string message)
    {
        var msh = message.Split('\r')[0].Split('|');
        return msh.Length > 9 ? msh[9] : string.Empty;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
