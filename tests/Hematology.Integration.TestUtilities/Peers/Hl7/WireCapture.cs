using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Hematology.Integration.Testing.Peers;

/// <summary>One TCP segment that Wireshark's HL7 dissector decoded as an HL7 message carried over MLLP.</summary>
/// <param name="SourcePort">The TCP source port of the segment.</param>
/// <param name="TcpLength">The segment's TCP payload length: the whole MLLP frame when the frame travelled in one segment.</param>
/// <param name="Segments">The HL7 segments the dissector found, each as text without its trailing CR.</param>
public sealed record WireHl7Message(int SourcePort, int TcpLength, IReadOnlyList<string> Segments)
{
    /// <summary>Gets field <paramref name="number"/> of the first segment named <paramref name="segment"/> (MSH-1 is the field separator, so MSH-10 is <c>Field("MSH", 10)</c>).</summary>
    /// <param name="segment">The segment id, for example <c>MSA</c>.</param>
    /// <param name="number">The field number as HL7 counts it.</param>
    /// <returns>The field's text, or <see langword="null"/> when the segment or field is absent.</returns>
    public string? Field(string segment, int number)
    {
        var line = Segments.FirstOrDefault(s => s.StartsWith(segment + "|", StringComparison.Ordinal));
        if (line is null)
        {
            return null;
        }

        var fields = line.Split('|');
        var index = segment == "MSH" ? number - 1 : number;
        return index < fields.Length ? fields[index] : null;
    }
}

/// <summary>
/// A capture of one TCP port on the loopback interface with <c>dumpcap</c>, read back with <c>tshark</c> (both from the
/// Debian package tshark, which tests/peers/install.sh installs): an independent decoder of what actually went over
/// the wire. Capturing needs root or the capture capabilities, as CI has. Starting and stopping the capture each open
/// an empty connection to the port, to be sure the capture is live and complete. <see cref="DisposeAsync"/> stops the capture and deletes
/// its file.
/// </summary>
public sealed class WireCapture : IAsyncDisposable
{
    private const string Dumpcap = "/usr/bin/dumpcap";
    private const string Tshark = "/usr/bin/tshark";
    private const string Aggregator = "`";
    private readonly Process _process;
    private readonly StringBuilder _errors = new();
    private readonly int _port;
    private bool _stopped;

    private WireCapture(Process process, string file, int port)
    {
        _process = process;
        File = file;
        _port = port;
    }

    /// <summary>Gets the capture file (pcapng).</summary>
    public string File { get; }

    /// <summary>Starts capturing TCP port <paramref name="port"/> on <c>lo</c> and waits until the capture runs.</summary>
    /// <param name="port">The port to capture (either end of a connection).</param>
    /// <returns>The running capture.</returns>
    public static async Task<WireCapture> StartAsync(int port)
    {
        PeerTools.RequireExecutable(Dumpcap, "tshark");
        PeerTools.RequireExecutable(Tshark, "tshark");
        var file = Path.Combine(Path.GetTempPath(), $"hematology-wire-{Guid.NewGuid():N}.pcapng");
        var portText = port.ToString(CultureInfo.InvariantCulture);
        var process = new Process { StartInfo = PeerTools.StartInfo(Dumpcap, ["-i", "lo", "-f", "tcp port " + portText, "-w", file, "-q"]) };
        var capture = new WireCapture(process, file, port);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                started.TrySetException(new InvalidOperationException("dumpcap ended: " + capture.Errors));
                return;
            }

            lock (capture._errors)
            {
                capture._errors.AppendLine(e.Data);
            }

            if (e.Data.StartsWith("Capturing on", StringComparison.Ordinal))
            {
                started.TrySetResult();
            }
        };
        process.Start();
        process.BeginErrorReadLine();
        process.StandardOutput.Close();
        try
        {
            await started.Task.WaitAsync(TimeSpan.FromSeconds(20));

            // "Capturing on" comes before the capture is live: knock until a knock is in the file.
            await capture.MarkAsync(untilLive: true);
        }
        catch
        {
            await capture.DisposeAsync();
            throw;
        }

        return capture;
    }

    /// <summary>
    /// Opens an empty connection to the port from a known local port and waits until the file holds it. dumpcap
    /// receives packets in blocks and writes them in order, so once the mark is in the file, so is everything sent
    /// before it. With <paramref name="untilLive"/>, knocks again until one is captured (the capture may not have been
    /// live for the first).
    /// </summary>
    private async Task MarkAsync(bool untilLive)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var knock = await KnockAsync(_port);
            var knockDeadline = DateTime.UtcNow.AddSeconds(untilLive ? 2 : 20);
            while (DateTime.UtcNow < knockDeadline)
            {
                if (await ContainsPortAsync(knock))
                {
                    return;
                }

                await Task.Delay(100);
            }

            if (!untilLive || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("dumpcap did not write the marker connection to its file in time: " + Errors);
            }
        }
    }

    private async Task<bool> ContainsPortAsync(int localPort)
    {
        // The file is still being written: tshark may report a cut-short last block, which does not matter here.
        var result = await PeerTools.RunAsync(Tshark, ["-r", File, "-Y", "tcp.port == " + localPort.ToString(CultureInfo.InvariantCulture), "-T", "fields", "-e", "frame.number"], timeout: TimeSpan.FromSeconds(30));
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length > 0;
    }

    private static async Task<int> KnockAsync(int port)
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var localPort = ((System.Net.IPEndPoint)socket.LocalEndPoint!).Port;
        try
        {
            await socket.ConnectAsync(System.Net.IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or TimeoutException)
        {
            // A refused connection is captured as well (SYN, RST).
        }

        return localPort;
    }

    /// <summary>Gets what dumpcap wrote to standard error (its start and, once stopped, its packet counts).</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>
    /// Stops the capture once everything sent so far is in the file (a last empty connection marks the end), then
    /// stops dumpcap with SIGINT and waits for it to end.
    /// </summary>
    /// <returns>A task that completes when the file is complete.</returns>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        if (!_process.HasExited)
        {
            await MarkAsync(untilLive: false);
            await PeerTools.RunAsync("/bin/kill", ["-INT", _process.Id.ToString(CultureInfo.InvariantCulture)], timeout: TimeSpan.FromSeconds(10));
        }

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await _process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException("dumpcap did not stop within 20 s: " + Errors);
        }
    }

    /// <summary>Stops the capture and decodes the port's traffic as HL7 over MLLP.</summary>
    /// <returns>Every TCP segment that decoded as an HL7 message, in capture order.</returns>
    public async Task<IReadOnlyList<WireHl7Message>> Hl7MessagesAsync()
    {
        await StopAsync();
        var result = await TsharkAsync([.. DecodeAs("hl7"), "-Y", "hl7", "-T", "fields", "-e", "tcp.srcport", "-e", "tcp.len", "-e", "hl7.segment", "-E", "separator=/t", "-E", "aggregator=" + Aggregator]);
        var messages = new List<WireHl7Message>();
        foreach (var line in result.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var columns = line.Split('\t');
            var segments = columns[2].Split(Aggregator).Select(s => s.EndsWith("\\r", StringComparison.Ordinal) ? s[..^2] : s).ToList();
            messages.Add(new WireHl7Message(int.Parse(columns[0], CultureInfo.InvariantCulture), int.Parse(columns[1], CultureInfo.InvariantCulture), segments));
        }

        return messages;
    }

    /// <summary>Stops the capture and counts the packets that match a Wireshark display filter.</summary>
    /// <param name="displayFilter">The filter, for example <c>tls.handshake.type == 1</c>.</param>
    /// <param name="decodeAs">The protocol the port's traffic is decoded as, for example <c>tls</c> or <c>hl7</c>.</param>
    /// <returns>How many packets match.</returns>
    public async Task<int> CountAsync(string displayFilter, string decodeAs)
    {
        await StopAsync();
        var result = await TsharkAsync([.. DecodeAs(decodeAs), "-Y", displayFilter, "-T", "fields", "-e", "frame.number"]);
        return result.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        _process.Dispose();
        System.IO.File.Delete(File);
    }

    /// <summary>tshark's arguments to decode the captured port as <paramref name="protocol"/> (it is not a well-known port).</summary>
    private string[] DecodeAs(string protocol) => ["-d", $"tcp.port=={_port.ToString(CultureInfo.InvariantCulture)},{protocol}"];

    private async Task<string> TsharkAsync(IEnumerable<string> arguments)
    {
        var result = await PeerTools.RunAsync(Tshark, ["-r", File, .. arguments], timeout: TimeSpan.FromSeconds(60));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"tshark failed ({result.ExitCode}): {result.StandardError}");
        }

        return result.StandardOutput;
    }
}
