using System.Globalization;
using System.Text;

namespace Hematology.Integration.Testing.Peers;

/// <summary>
/// A real FTP server on 127.0.0.1 started for a test: pyftpdlib, vsftpd or pure-ftpd, on a control port and a
/// passive port range picked at start, serving a fresh root folder, optionally with explicit FTPS and a certificate
/// generated at start. The login is <see cref="User"/>/<see cref="Password"/>. Disposing stops the server and
/// deletes its folder.
/// </summary>
public sealed class FtpPeer : IAsyncDisposable
{
    private const int PassivePortCount = 24;
    private const UnixFileMode OpenFolder = (UnixFileMode)0x1FF; // 0777: the servers run sessions as ftpuser
    private const UnixFileMode OpenFile = (UnixFileMode)0x1B6;   // 0666
    private readonly PeerProcess _process;
    private readonly string _baseFolder;

    private FtpPeer(FtpPeerServer server, FtpPeerOptions options, PeerProcess process, string baseFolder, string root, int port, int passiveStart, FtpTestCertificate? certificate, string? logFile)
    {
        Server = server;
        Options = options;
        _process = process;
        _baseFolder = baseFolder;
        Root = root;
        Port = port;
        PassivePorts = (passiveStart, passiveStart + PassivePortCount - 1);
        Certificate = certificate;
        LogFile = logFile;
    }

    /// <summary>Gets which server runs.</summary>
    public FtpPeerServer Server { get; }

    /// <summary>Gets the options the server was started with.</summary>
    public FtpPeerOptions Options { get; }

    /// <summary>Gets the host to connect to.</summary>
    public string Host { get; } = "127.0.0.1";

    /// <summary>Gets the control port.</summary>
    public int Port { get; }

    /// <summary>Gets the passive port range (inclusive).</summary>
    public (int First, int Last) PassivePorts { get; }

    /// <summary>Gets the login name.</summary>
    public string User { get; } = "ftpuser";

    /// <summary>Gets the password.</summary>
    public string Password { get; } = "ftppass";

    /// <summary>Gets the folder the server serves as the login's root (<c>/</c>).</summary>
    public string Root { get; }

    /// <summary>Gets the generated server certificate, when <see cref="FtpPeerOptions.Tls"/> is set.</summary>
    public FtpTestCertificate? Certificate { get; }

    /// <summary>Gets the server's own log file, when it writes one (vsftpd).</summary>
    public string? LogFile { get; }

    /// <summary>Gets the server's console output, for failure messages.</summary>
    public string Output => _process.Output;

    /// <summary>Gets an <c>ftp://</c> URL of the server's root, for curl.</summary>
    public string Url => string.Create(CultureInfo.InvariantCulture, $"ftp://{Host}:{Port}/");

    /// <summary>Starts a server.</summary>
    /// <param name="server">Which server.</param>
    /// <param name="options">How to configure it (default: plain FTP).</param>
    /// <returns>The running server.</returns>
    /// <exception cref="PeerMissingException">The server is not installed.</exception>
    public static async Task<FtpPeer> StartAsync(FtpPeerServer server, FtpPeerOptions? options = null)
    {
        options ??= new FtpPeerOptions();
        CheckSupported(server, options);
        switch (server)
        {
            case FtpPeerServer.Pyftpdlib:
                PeerTools.RequirePythonModule("pyftpdlib", "python3-pyftpdlib");
                if (options.Tls)
                {
                    PeerTools.RequirePythonModule("OpenSSL", "python3-openssl");
                }

                break;
            case FtpPeerServer.Vsftpd:
                PeerTools.RequireExecutable("/usr/sbin/vsftpd", "vsftpd");
                break;
            case FtpPeerServer.FtpSrv:
                PeerTools.RequireNodePackage("ftp-srv");
                break;
            case FtpPeerServer.PureFtpd:
                PeerTools.RequireExecutable(PureFtpdPath, "pure-ftpd (unpacked by tests/peers/install.sh)");
                PeerTools.RequireExecutable(PurePwPath, "pure-ftpd (unpacked by tests/peers/install.sh)");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(server));
        }

        var baseFolder = Path.Combine(Path.GetTempPath(), "ftppeer-" + Guid.NewGuid().ToString("N")[..12]);
        UnixModes.CreateFolder(baseFolder, (UnixFileMode)0x1ED); // 0755
        var root = Path.Combine(baseFolder, "root");
        Directory.CreateDirectory(root);
        UnixModes.Set(root, OpenFolder);
        var tlsFolder = Directory.CreateDirectory(Path.Combine(baseFolder, "tls")).FullName;
        var certificate = options.Tls || options.ImplicitTls ? FtpTestCertificate.Create(tlsFolder) : null;
        var port = PeerTools.FreePort();
        var passive = PeerTools.FreePortRange(PassivePortCount);
        try
        {
            var (process, logFile) = server switch
            {
                FtpPeerServer.Pyftpdlib => (await StartPyftpdlibAsync(options, root, port, passive, certificate), null),
                FtpPeerServer.Vsftpd => await StartVsftpdAsync(options, baseFolder, root, port, passive, certificate),
                FtpPeerServer.FtpSrv => (await StartFtpSrvAsync(root, port, passive, certificate), null),
                _ => (await StartPureFtpdAsync(options, baseFolder, root, port, passive, certificate), null),
            };
            return new FtpPeer(server, options, process, baseFolder, root, port, passive, certificate, logFile);
        }
        catch
        {
            certificate?.Dispose();
            TryDelete(baseFolder);
            throw;
        }
    }

    /// <summary>Writes a file under the root (folders created as needed, all readable and writable by the server).</summary>
    /// <param name="relativePath">The path below the root, with <c>/</c> separators.</param>
    /// <param name="content">The bytes.</param>
    /// <returns>The file's full local path.</returns>
    public string WriteFile(string relativePath, ReadOnlySpan<byte> content)
    {
        var path = LocalPath(relativePath);
        EnsureFolder(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content.ToArray());
        UnixModes.Set(path, OpenFile);
        return path;
    }

    /// <summary>Writes a UTF-8 text file under the root.</summary>
    /// <param name="relativePath">The path below the root.</param>
    /// <param name="text">The text.</param>
    /// <returns>The file's full local path.</returns>
    public string WriteFile(string relativePath, string text) => WriteFile(relativePath, Encoding.UTF8.GetBytes(text));

    /// <summary>Creates a folder under the root, writable by the server.</summary>
    /// <param name="relativePath">The path below the root.</param>
    /// <returns>The folder's full local path.</returns>
    public string CreateFolder(string relativePath)
    {
        var path = LocalPath(relativePath);
        EnsureFolder(path);
        return path;
    }

    /// <summary>Gets the local path of a path below the root.</summary>
    /// <param name="relativePath">The path below the root, with <c>/</c> separators.</param>
    /// <returns>The full local path.</returns>
    public string LocalPath(string relativePath) => Path.Combine(Root, relativePath.TrimStart('/').Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Counts the TCP connections established to the control port right now (from <c>/proc/net/tcp</c>).</summary>
    /// <returns>The number of open control connections (sessions).</returns>
    public int CountOpenSessions()
    {
        // /proc/net/tcp is not a snapshot: it is produced a page at a time, so a session closing while it is read can
        // be counted together with the one opened just after it. Two sessions really open at once (a login, commands)
        // last far longer than one read, so a count above one must be seen by a second read too.
        var first = CountEstablishedOnce();
        return first <= 1 ? first : Math.Min(first, CountEstablishedOnce());
    }

    private int CountEstablishedOnce()
    {
        var hexPort = Port.ToString("X4", CultureInfo.InvariantCulture);
        var connections = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // parts[1] = local "0100007F:PORT", parts[2] = remote, parts[3] = state (01 = ESTABLISHED).
            // A changing /proc file can repeat a line while it is read: count distinct connections.
            if (parts.Length > 3 && parts[1].EndsWith(":" + hexPort, StringComparison.Ordinal) && parts[3] == "01")
            {
                connections.Add(parts[1] + ">" + parts[2]);
            }
        }

        return connections.Count;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Certificate?.Dispose();
        TryDelete(_baseFolder);
    }

    private static string PureFtpdPath => Path.Combine(PeerTools.UnpackedRoot, "usr", "sbin", "pure-ftpd");

    private static string PurePwPath => Path.Combine(PeerTools.UnpackedRoot, "usr", "bin", "pure-pw");

    private static void CheckSupported(FtpPeerServer server, FtpPeerOptions options)
    {
        if (server == FtpPeerServer.Pyftpdlib)
        {
            if (options.WriteLimitBytesPerSecond > 0 && options.Tls)
            {
                throw new ArgumentException("pyftpdlib's rate limit works only without TLS.", nameof(options));
            }

            return;
        }

        if (server == FtpPeerServer.FtpSrv && options.MaxSessions is not null)
        {
            throw new ArgumentException("ftp-srv has no session limit.", nameof(options));
        }

        if (options.ImplicitTls && server != FtpPeerServer.Vsftpd)
        {
            throw new ArgumentException("Implicit FTPS is available with vsftpd only.", nameof(options));
        }

        if (options.DosListing || options.DisabledCommands.Count > 0 || options.AcceptOptsUtf8 || options.DropDataAfterBytes > 0 || options.WriteLimitBytesPerSecond > 0
            || options.PassiveAddress is not null || options.Encoding is not null)
        {
            throw new ArgumentException($"{server} supports only Tls, RequireSslReuse and MaxSessions; the other options need pyftpdlib.", nameof(options));
        }
    }

    private static async Task<PeerProcess> StartPyftpdlibAsync(FtpPeerOptions options, string root, int port, int passive, FtpTestCertificate? certificate)
    {
        var args = new List<string>
        {
            PeerTools.Script("pyftpd_server.py"), "--host", "127.0.0.1", "--port", Text(port), "--root", root,
            "--pasv", Text(passive) + "-" + Text(passive + PassivePortCount - 1),
        };
        if (certificate is not null)
        {
            args.AddRange(["--tls", "--tls-required", "--cert", certificate.CombinedFile]);
        }

        if (options.DosListing)
        {
            args.Add("--dos");
        }

        if (options.AcceptOptsUtf8)
        {
            args.Add("--accept-opts-utf8");
        }

        if (options.DisabledCommands.Count > 0)
        {
            args.AddRange(["--disable", string.Join(',', options.DisabledCommands)]);
        }

        if (options.MaxSessions is { } max)
        {
            args.AddRange(["--max-cons-per-ip", Text(max)]); // --max-cons counts listeners and data sockets too
        }

        if (options.DropDataAfterBytes > 0)
        {
            args.AddRange(["--drop-data-after", Text(options.DropDataAfterBytes)]);
        }

        if (options.WriteLimitBytesPerSecond > 0)
        {
            args.AddRange(["--write-limit", Text(options.WriteLimitBytesPerSecond)]);
        }

        if (options.PassiveAddress is not null)
        {
            args.AddRange(["--masquerade", options.PassiveAddress]);
        }

        if (options.Encoding is not null)
        {
            args.AddRange(["--encoding", options.Encoding]);
        }

        return await PeerProcess.StartAsync("pyftpdlib", PeerTools.Python, args, port);
    }

    private static async Task<(PeerProcess Process, string? LogFile)> StartVsftpdAsync(FtpPeerOptions options, string baseFolder, string root, int port, int passive, FtpTestCertificate? certificate)
    {
        var empty = Path.Combine(baseFolder, "empty");
        UnixModes.CreateFolder(empty, (UnixFileMode)0x1ED); // 0755, root-owned: vsftpd's secure_chroot_dir
        var logFile = Path.Combine(baseFolder, "vsftpd.log");
        var conf = new StringBuilder();
        void Line(string text) => conf.Append(text).Append('\n');
        Line("listen=YES");
        Line("listen_ipv6=NO");
        Line("listen_address=127.0.0.1");
        Line("listen_port=" + Text(port));
        Line("background=NO");
        Line("anonymous_enable=NO");
        Line("local_enable=YES");
        Line("write_enable=YES");
        Line("local_umask=000");
        Line("local_root=" + root);
        if (!Directory.Exists(await HomeOfAsync("ftpuser")))
        {
            // vsftpd changes into the account's home before chroot()ing to local_root; tests/peers/install.sh gives
            // ftpuser the home /nonexistent. Authenticate ftpuser through PAM, then run the session as an account
            // whose home exists (the root folder is world-writable, so ownership does not matter).
            Line("guest_enable=YES");
            Line("guest_username=daemon");
            Line("virtual_use_local_privs=YES");
        }

        Line("chroot_local_user=YES");
        Line("allow_writeable_chroot=YES");
        Line("pam_service_name=vsftpd");
        Line("secure_chroot_dir=" + empty);
        Line("pasv_enable=YES");
        Line("pasv_address=127.0.0.1");
        Line("pasv_min_port=" + Text(passive));
        Line("pasv_max_port=" + Text(passive + PassivePortCount - 1));
        Line("port_enable=NO");
        Line("connect_from_port_20=NO");
        Line("utf8_filesystem=YES");
        Line("seccomp_sandbox=NO");
        Line("max_clients=" + Text(options.MaxSessions ?? 50));
        Line("max_per_ip=" + Text(options.MaxSessions ?? 50));
        Line("idle_session_timeout=120");
        Line("data_connection_timeout=60");
        Line("ftpd_banner=vsftpd test peer ready");
        Line("xferlog_enable=YES");
        Line("vsftpd_log_file=" + logFile);
        Line("log_ftp_protocol=YES");
        Line("dual_log_enable=NO");
        if (certificate is not null)
        {
            Line("ssl_enable=YES");
            Line("rsa_cert_file=" + certificate.CertificateFile);
            Line("rsa_private_key_file=" + certificate.KeyFile);
            Line("force_local_logins_ssl=YES");
            Line("force_local_data_ssl=YES");
            Line("allow_anon_ssl=NO");
            Line("ssl_tlsv1=YES");
            Line("ssl_sslv2=NO");
            Line("ssl_sslv3=NO");
            Line("require_ssl_reuse=" + (options.RequireSslReuse ? "YES" : "NO"));
            Line("ssl_ciphers=HIGH");
            Line("debug_ssl=YES");
            if (options.ImplicitTls)
            {
                Line("implicit_ssl=YES");
            }
        }

        var confFile = Path.Combine(baseFolder, "vsftpd.conf");
        await File.WriteAllTextAsync(confFile, conf.ToString());
        var process = await PeerProcess.StartAsync("vsftpd", "/usr/sbin/vsftpd", [confFile], port);
        return (process, logFile);
    }

    private static async Task<PeerProcess> StartFtpSrvAsync(string root, int port, int passive, FtpTestCertificate? certificate)
    {
        var args = new List<string>
        {
            PeerTools.Script("acq_ftpsrv_server.js"), "--port", Text(port), "--root", root,
            "--pasv", Text(passive) + "-" + Text(passive + PassivePortCount - 1),
        };
        if (certificate is not null)
        {
            args.AddRange(["--cert", certificate.CertificateFile, "--key", certificate.KeyFile]);
        }

        return await PeerProcess.StartAsync("ftp-srv", "node", args, port);
    }

    private static async Task<PeerProcess> StartPureFtpdAsync(FtpPeerOptions options, string baseFolder, string root, int port, int passive, FtpTestCertificate? certificate)
    {
        // A PureDB virtual user mapped to ftpuser's uid/gid. A $6$ hash: pure-pw's default (argon2id) makes every login take seconds.
        var hash = await PeerTools.RunAsync("openssl", ["passwd", "-6", "ftppass"], timeout: TimeSpan.FromSeconds(20));
        if (hash.ExitCode != 0)
        {
            throw new PeerMissingException("openssl passwd failed (Debian package openssl): " + hash.StandardError);
        }

        var passwdFile = Path.Combine(baseFolder, "pureftpd.passwd");
        var pdbFile = Path.Combine(baseFolder, "pureftpd.pdb");
        var (uid, gid) = await FtpUserIdsAsync();
        await File.WriteAllTextAsync(passwdFile, $"ftpuser:{hash.StandardOutput.Trim()}:{uid}:{gid}::{root}/./::::::::::::\n");
        var mkdb = await PeerTools.RunAsync(PurePwPath, ["mkdb", pdbFile, "-f", passwdFile], timeout: TimeSpan.FromSeconds(20));
        if (mkdb.ExitCode != 0)
        {
            throw new InvalidOperationException("pure-pw mkdb failed: " + mkdb.StandardError + mkdb.StandardOutput);
        }

        var max = Text(options.MaxSessions ?? 30);
        var args = new List<string>
        {
            "-S", "127.0.0.1," + Text(port), "-l", "puredb:" + pdbFile, "-E", "-A", "-H", "-4",
            "-p", Text(passive) + ":" + Text(passive + PassivePortCount - 1), "-P", "127.0.0.1",
            "-c", max, "-C", max, "-I", "2",
        };
        if (certificate is not null)
        {
            args.AddRange(["-Y", "3", "-2", certificate.CombinedFile]);
        }

        return await PeerProcess.StartAsync("pure-ftpd", PureFtpdPath, args, port);
    }

    private static async Task<(string Uid, string Gid)> FtpUserIdsAsync()
    {
        var uid = await PeerTools.RunAsync("id", ["-u", "ftpuser"], timeout: TimeSpan.FromSeconds(10));
        var gid = await PeerTools.RunAsync("id", ["-g", "ftpuser"], timeout: TimeSpan.FromSeconds(10));
        if (uid.ExitCode != 0 || gid.ExitCode != 0)
        {
            throw new PeerMissingException("The local account ftpuser is missing.");
        }

        return (uid.StandardOutput.Trim(), gid.StandardOutput.Trim());
    }

    private static async Task<string> HomeOfAsync(string account)
    {
        var entry = await PeerTools.RunAsync("getent", ["passwd", account], timeout: TimeSpan.FromSeconds(10));
        var fields = entry.StandardOutput.Trim().Split(':');
        if (entry.ExitCode != 0 || fields.Length < 7)
        {
            throw new PeerMissingException($"The local account {account} is missing.");
        }

        return fields[5];
    }

    private static void EnsureFolder(string path)
    {
        var missing = new Stack<string>();
        for (var dir = path; !Directory.Exists(dir); dir = Path.GetDirectoryName(dir)!)
        {
            missing.Push(dir);
        }

        while (missing.TryPop(out var dir))
        {
            Directory.CreateDirectory(dir);
            UnixModes.Set(dir, OpenFolder);
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
