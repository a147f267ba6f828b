using System.Diagnostics;
using System.Text;

namespace Hematology.Integration.Testing.Peers;

/// <summary>
/// A long-running peer (a server) started for a test. Its output is captured for error messages, and
/// <see cref="DisposeAsync"/> kills its whole process tree, so every test stops every process it starts.
/// </summary>
public sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PeerProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    /// <summary>Gets the peer's name, for messages.</summary>
    public string Name { get; }

    /// <summary>Gets whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Gets the process id.</summary>
    public int Id => _process.Id;

    /// <summary>Gets everything the peer wrote to standard output and error so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a peer and waits until it listens on <paramref name="port"/>.</summary>
    /// <param name="name">The peer's name, for messages.</param>
    /// <param name="fileName">The executable.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="port">The TCP port the peer listens on; <see langword="null"/> to not wait.</param>
    /// <param name="environment">Extra environment variables.</param>
    /// <returns>The running peer.</returns>
    public static async Task<PeerProcess> StartAsync(string name, string fileName, IEnumerable<string> arguments, int? port, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = PeerTools.StartInfo(fileName, arguments);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[key] = value;
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var peer = new PeerProcess(process, name);
        process.OutputDataReceived += (_, e) => peer.Append(e.Data);
        process.ErrorDataReceived += (_, e) => peer.Append(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {name} ({fileName}).");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (port is { } p)
        {
            try
            {
                await PeerTools.WaitForPortAsync(p, process, () => peer.Output);
            }
            catch
            {
                await peer.DisposeAsync();
                throw;
            }
        }

        return peer;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(cts.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
