using System.Diagnostics;
using System.Net.Sockets;

namespace Hematology.Integration.Benchmarks;

/// <summary>A vsftpd on 127.0.0.1 with a fresh world-writable root (on tmpfs when there is one: <see cref="LocalWorkFolder.CreateServerRun"/>), for the benchmark only.</summary>
internal sealed class BenchVsftpd : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _base;

    private BenchVsftpd(Process process, string baseFolder, string root, int port)
    {
        _process = process;
        _base = baseFolder;
        Root = root;
        Port = port;
    }

    public string Root { get; }

    public int Port { get; }

    /// <summary>Gets the process id of vsftpd's listener (its children are the open sessions).</summary>
    public int ProcessId => _process.Id;

    public static async Task<BenchVsftpd> StartAsync()
    {
        var baseFolder = LocalWorkFolder.CreateServerRun("bench-vsftpd-");
        Chmod(baseFolder, (UnixFileMode)0x1ED);
        var root = Directory.CreateDirectory(Path.Combine(baseFolder, "root")).FullName;
        Chmod(root, (UnixFileMode)0x1FF);
        var empty = Directory.CreateDirectory(Path.Combine(baseFolder, "empty")).FullName;
        var port = FreePort();
        var pasv = FreePort();
        var guest = Directory.Exists("/nonexistent") ? string.Empty : "guest_enable=YES\nguest_username=daemon\nvirtual_use_local_privs=YES\n";
        var conf = $"""
            listen=YES
            listen_ipv6=NO
            listen_address=127.0.0.1
            listen_port={port}
            background=NO
            anonymous_enable=NO
            local_enable=YES
            write_enable=YES
            local_umask=000
            local_root={root}
            chroot_local_user=YES
            allow_writeable_chroot=YES
            pam_service_name=vsftpd
            secure_chroot_dir={empty}
            pasv_enable=YES
            pasv_address=127.0.0.1
            pasv_min_port={pasv}
            pasv_max_port={pasv + 200}
            port_enable=NO
            seccomp_sandbox=NO
            utf8_filesystem=YES
            max_clients=20
            {guest}
            """;
        var confFile = Path.Combine(baseFolder, "vsftpd.conf");
        await File.WriteAllTextAsync(confFile, conf.Replace("\n\n", "\n", StringComparison.Ordinal));
        var process = Process.Start(new ProcessStartInfo("/usr/sbin/vsftpd", confFile) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return new BenchVsftpd(process, baseFolder, root, port);
            }
            catch (SocketException)
            {
                await Task.Delay(25);
            }
        }

        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException("vsftpd did not start: " + await process.StandardError.ReadToEndAsync());
    }

    public string Fill(string name, int count, int size)
    {
        var folder = Path.Combine(Root, name);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        Chmod(folder, (UnixFileMode)0x1FF);
        var content = new byte[size];
        for (var i = 0; i < count; i++)
        {
            Random.Shared.NextBytes(content);
            content[^1] = (byte)'\n';
            File.WriteAllBytes(Path.Combine(folder, $"r{i:D5}.csv"), content);
        }

        return name;
    }

    /// <summary>Creates (or keeps) an empty world-writable folder under the root and returns its full path.</summary>
    public string Folder(string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Root, name)).FullName;
        Chmod(folder, (UnixFileMode)0x1FF);
        return folder;
    }

    public int Remaining(string name) => Directory.Exists(Path.Combine(Root, name)) ? Directory.GetFiles(Path.Combine(Root, name)).Length : 0;

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        LocalWorkFolder.DeleteLater(_base);
    }

    private static void Chmod(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
