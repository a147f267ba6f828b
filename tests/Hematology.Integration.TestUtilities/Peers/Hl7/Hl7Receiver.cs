namespace Hematology.Integration.Testing.Peers;

/// <summary>
/// A real third-party HL7 MLLP receiver (a stand-in LIMS) on 127.0.0.1, on a port picked at start: python3-hl7's
/// <c>hl7.mllp</c> server or one of the npm libraries. Every message it receives is recorded, so tests can check
/// exactly what arrived. Disposing stops the process.
/// </summary>
public sealed class Hl7Receiver : IAsyncDisposable
{
    private readonly PeerProcess _process;
    private readonly string _folder;

    private Hl7Receiver(PeerProcess process, int port, string folder, string recordFile)
    {
        _process = process;
        Port = port;
        _folder = folder;
        RecordFile = recordFile;
    }

    /// <summary>Gets the port the receiver listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>Gets the file every received message is appended to (segments on lines, messages separated by a blank line).</summary>
    public string RecordFile { get; }

    /// <summary>Gets the peer's console output, for failure messages.</summary>
    public string Output => _process.Output;

    /// <summary>Starts python3-hl7's MLLP server (<c>tests/peers/hl7_mllp_server.py</c>).</summary>
    /// <param name="mode">What to do with each message.</param>
    /// <param name="delay">The delay of <see cref="Hl7ReceiverMode.Delay"/>.</param>
    /// <param name="faultEvery">Apply <paramref name="mode"/> only to every Nth message; the others get AA.</param>
    /// <returns>The running receiver.</returns>
    public static async Task<Hl7Receiver> StartPythonAsync(Hl7ReceiverMode mode = Hl7ReceiverMode.Ack, TimeSpan? delay = null, int faultEvery = 1)
    {
        PeerTools.RequirePythonModule("hl7", "python3-hl7");
        var port = PeerTools.FreePort();
        var folder = Directory.CreateTempSubdirectory("hl7py-").FullName;
        var record = Path.Combine(folder, "received.hl7");
        var args = new List<string>
        {
            PeerTools.Script("hl7_mllp_server.py"), "--host", "127.0.0.1", "--port", Text(port), "--mode", PythonMode(mode),
            "--delay", (delay ?? TimeSpan.FromSeconds(5)).TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--fault-every", faultEvery.ToString(System.Globalization.CultureInfo.InvariantCulture), "--record", record,
        };
        var process = await PeerProcess.StartAsync("python3-hl7 receiver", PeerTools.Python, args, port);
        return new Hl7Receiver(process, port, folder, record);
    }

    /// <summary>Starts an npm library's MLLP receiver (<c>tests/peers/hl7_node_server.js</c>).</summary>
    /// <param name="library">Which library.</param>
    /// <param name="mode">What to do with each message (every mode but CommitAccept; MidClose with @medplum/hl7 only).</param>
    /// <param name="delay">The delay of <see cref="Hl7ReceiverMode.Delay"/>.</param>
    /// <returns>The running receiver.</returns>
    public static async Task<Hl7Receiver> StartNodeAsync(NodeHl7Library library, Hl7ReceiverMode mode = Hl7ReceiverMode.Ack, TimeSpan? delay = null)
    {
        var (lib, package) = library switch
        {
            NodeHl7Library.Medplum => ("medplum", "@medplum/hl7"),
            NodeHl7Library.SimpleHl7 => ("simple", "simple-hl7"),
            NodeHl7Library.NodeHl7Server => ("nhs", "node-hl7-server"),
            _ => throw new ArgumentOutOfRangeException(nameof(library)),
        };
        PeerTools.RequireNodePackage(package);
        var nodeMode = mode switch
        {
            Hl7ReceiverMode.Ack => "ack",
            Hl7ReceiverMode.ApplicationError => "ae",
            Hl7ReceiverMode.Reject => "ar",
            Hl7ReceiverMode.Delay => "delay",
            Hl7ReceiverMode.NoReply => "noreply",
            Hl7ReceiverMode.Close => "close",
            Hl7ReceiverMode.Partial => "partial",
            Hl7ReceiverMode.WrongControlId => "wrongid",
            Hl7ReceiverMode.Unframed => "unframed",
            Hl7ReceiverMode.Garbage => "garbage",
            Hl7ReceiverMode.MidClose when library == NodeHl7Library.Medplum => "midclose",
            _ => throw new ArgumentException($"The npm receiver {package} does not support {mode}; use python3-hl7.", nameof(mode)),
        };
        var port = PeerTools.FreePort();
        var folder = Directory.CreateTempSubdirectory("hl7node-").FullName;
        var record = Path.Combine(folder, "received.hl7");
        var args = new List<string>
        {
            PeerTools.Script("hl7_node_server.js"), "--lib", lib, "--port", Text(port), "--mode", nodeMode,
            "--delay", ((int)(delay ?? TimeSpan.FromSeconds(5)).TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--record", record,
        };
        var process = await PeerProcess.StartAsync($"{package} receiver", "node", args, port);
        return new Hl7Receiver(process, port, folder, record);
    }

    /// <summary>Reads the messages received so far, segments separated by CR as on the wire.</summary>
    /// <returns>The messages, in arrival order.</returns>
    public IReadOnlyList<string> ReceivedMessages()
    {
        if (!File.Exists(RecordFile))
        {
            return [];
        }

        var text = File.ReadAllText(RecordFile).Replace("\r\n", "\n", StringComparison.Ordinal);
        return text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(m => m.Replace('\n', '\r'))
            .ToList();
    }

    /// <summary>Waits until at least <paramref name="count"/> messages have been recorded.</summary>
    /// <param name="count">How many messages.</param>
    /// <param name="timeout">How long to wait (default 10 s).</param>
    /// <returns>The messages.</returns>
    public async Task<IReadOnlyList<string>> WaitForMessagesAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var messages = ReceivedMessages();
            if (messages.Count >= count || DateTime.UtcNow > deadline)
            {
                return messages;
            }

            await Task.Delay(20);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }

    private static string Text(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string PythonMode(Hl7ReceiverMode mode) => mode switch
    {
        Hl7ReceiverMode.Ack => "ack",
        Hl7ReceiverMode.ApplicationError => "ae",
        Hl7ReceiverMode.Reject => "ar",
        Hl7ReceiverMode.CommitAccept => "ca",
        Hl7ReceiverMode.Delay => "delay",
        Hl7ReceiverMode.NoReply => "noreply",
        Hl7ReceiverMode.Close => "close",
        Hl7ReceiverMode.Partial => "partial",
        Hl7ReceiverMode.MidClose => "midclose",
        Hl7ReceiverMode.WrongControlId => "wrongid",
        Hl7ReceiverMode.Unframed => "unframed",
        Hl7ReceiverMode.Garbage => "garbage",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };
}
