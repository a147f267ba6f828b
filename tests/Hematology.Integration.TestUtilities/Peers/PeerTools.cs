using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace Hematology.Integration.Testing.Peers;

/// <summary>The result of running a peer command to completion.</summary>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="StandardOutput">Everything written to standard output.</param>
/// <param name="StandardError">Everything written to standard error.</param>
public sealed record PeerRunResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// Where the real peers live and how to run them: Debian's <c>/usr/bin/python3</c> (the only Python with the
/// apt modules <c>hl7</c> and <c>pyftpdlib</c>), Node with the npm peers from <c>tests/peers/node</c>, and the
/// scripts in <c>tests/peers</c>.
/// </summary>
public static class PeerTools
{
    /// <summary>Debian's Python, which has python3-hl7, python3-pyftpdlib and python3-openssl.</summary>
    public const string Python = "/usr/bin/python3";

    /// <summary>Gets the repository's <c>tests/peers</c> folder (scripts and the npm project).</summary>
    public static string PeersDirectory { get; } = FindPeersDirectory();

    /// <summary>Gets the folder of the npm peers' <c>node_modules</c>.</summary>
    public static string NodeModules => Path.Combine(PeersDirectory, "node", "node_modules");

    /// <summary>Gets the folder where unpacked Debian peers (proftpd, pure-ftpd) live.</summary>
    public static string UnpackedRoot => Path.Combine(Environment.GetEnvironmentVariable("HEMATOLOGY_PEERS_ROOT") ?? "/opt/hematology-peers", "root");

    /// <summary>Gets the full path of a script in <c>tests/peers</c>.</summary>
    /// <param name="name">The script's file name.</param>
    /// <returns>The path.</returns>
    public static string Script(string name) => Path.Combine(PeersDirectory, name);

    /// <summary>Throws <see cref="PeerMissingException"/> when Debian's Python lacks a module.</summary>
    /// <param name="module">The module, for example <c>hl7</c>.</param>
    /// <param name="package">The Debian package that provides it.</param>
    public static void RequirePythonModule(string module, string package)
    {
        if (!File.Exists(Python))
        {
            throw new PeerMissingException($"{Python} is missing (Debian package python3).");
        }

        var result = RunAsync(Python, ["-c", "import " + module], timeout: TimeSpan.FromSeconds(20)).GetAwaiter().GetResult();
        if (result.ExitCode != 0)
        {
            throw new PeerMissingException($"Python module '{module}' is missing for {Python} (Debian package {package}).");
        }
    }

    /// <summary>Throws <see cref="PeerMissingException"/> when an npm peer package is not installed.</summary>
    /// <param name="package">The npm package, for example <c>@medplum/hl7</c>.</param>
    public static void RequireNodePackage(string package)
    {
        if (!File.Exists("/usr/bin/node") && !File.Exists("/usr/local/bin/node"))
        {
            throw new PeerMissingException("node is missing (Node.js 20).");
        }

        if (!Directory.Exists(Path.Combine(NodeModules, package)))
        {
            throw new PeerMissingException($"npm package '{package}' is missing from {NodeModules}.");
        }
    }

    /// <summary>Throws <see cref="PeerMissingException"/> when an executable is missing.</summary>
    /// <param name="path">The executable's full path.</param>
    /// <param name="package">The Debian package that provides it.</param>
    public static void RequireExecutable(string path, string package)
    {
        if (!File.Exists(path))
        {
            throw new PeerMissingException($"{path} is missing (Debian package {package}).");
        }
    }

    /// <summary>Creates a start description for a process whose output is captured, with <c>NODE_PATH</c> set.</summary>
    /// <param name="fileName">The executable.</param>
    /// <param name="arguments">The arguments.</param>
    /// <returns>The start description.</returns>
    public static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> arguments)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["NODE_PATH"] = NodeModules;
        psi.Environment["PYTHONIOENCODING"] = "utf-8";
        psi.Environment["PYTHONUNBUFFERED"] = "1";
        return psi;
    }

    /// <summary>Runs a command to completion with a time bound, feeding <paramref name="standardInput"/>.</summary>
    /// <param name="fileName">The executable.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="standardInput">Text written to standard input, which is then closed.</param>
    /// <param name="timeout">The time bound (default 60 s); the process tree is killed when it passes.</param>
    /// <returns>The exit code and the captured output.</returns>
    public static async Task<PeerRunResult> RunAsync(string fileName, IEnumerable<string> arguments, string? standardInput = null, TimeSpan? timeout = null)
    {
        using var process = Process.Start(StartInfo(fileName, arguments)) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout ?? TimeSpan.FromSeconds(60)}.");
        }

        return new PeerRunResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Picks a free TCP port on 127.0.0.1.</summary>
    /// <returns>A port nothing listens on at the moment of the call.</returns>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Picks <paramref name="count"/> consecutive free ports on 127.0.0.1 (for FTP passive ranges).</summary>
    /// <param name="count">How many ports.</param>
    /// <returns>The first port of the range.</returns>
    public static int FreePortRange(int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var start = Random.Shared.Next(40000, 60000 - count);
            if (Enumerable.Range(start, count).All(IsFree))
            {
                return start;
            }
        }

        throw new InvalidOperationException($"No {count} consecutive free ports found.");
    }

    /// <summary>Waits until something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    /// <param name="port">The port.</param>
    /// <param name="process">The peer process; if it exits first, the wait fails with its output.</param>
    /// <param name="output">The peer's captured output so far, for the error message.</param>
    /// <param name="timeout">How long to wait (default 15 s).</param>
    /// <returns>A task that completes when the port accepts connections.</returns>
    public static async Task WaitForPortAsync(int port, Process? process = null, Func<string>? output = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < deadline)
        {
            if (process is { HasExited: true })
            {
                throw new InvalidOperationException($"The peer exited with code {process.ExitCode} before listening on port {port}: {output?.Invoke()}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"Nothing listened on 127.0.0.1:{port} within the time bound. Output: {output?.Invoke()}");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string FindPeersDirectory([CallerFilePath] string sourceFile = "")
    {
        // tests/Hematology.Integration.TestUtilities/Peers/PeerTools.cs -> tests/peers
        var fromSource = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "..", "peers"));
        if (Directory.Exists(fromSource))
        {
            return fromSource;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "peers");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/peers was not found above the test's output folder.");
    }
}
