using System.Globalization;
using Hematology.Integration.Testing.Peers;

namespace Hematology.Integration.Peers.Tests;

/// <summary>curl as an independent FTP/FTPS client.</summary>
internal static class FtpCurl
{
    public static async Task<string> RunAsync(FtpPeer peer, string path, params string[] extra)
    {
        PeerTools.RequireExecutable("/usr/bin/curl", "curl");
        var args = new List<string> { "-sS", "--max-time", "20", "-u", peer.User + ":" + peer.Password };
        if (peer.Certificate is not null)
        {
            args.AddRange(["--ssl-reqd", "--cacert", peer.Certificate.CertificateFile]);
        }

        args.AddRange(extra);
        args.Add(peer.Url + path);
        var result = await PeerTools.RunAsync("/usr/bin/curl", args, timeout: TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == 0, $"curl exit {result.ExitCode}: {result.StandardError}\nserver: {peer.Output}");
        return result.StandardOutput;
    }
}

/// <summary>Python's ftplib as an independent client: runs a snippet with a logged-in <c>ftp</c> object.</summary>
internal static class FtpLibProbe
{
    public static async Task<string> RunAsync(FtpPeer peer, string body)
    {
        var indented = string.Join('\n', body.Split('\n').Select(l => "    " + l));
        var script = $"""
            import ftplib
            PORT = {peer.Port.ToString(CultureInfo.InvariantCulture)}
            ftp = ftplib.FTP()
            ftp.connect("127.0.0.1", PORT, timeout=15)
            ftp.login("{peer.User}", "{peer.Password}")
            try:
            {indented}
            finally:
                try:
                    ftp.quit()
                except Exception:
                    pass
            """;
        var result = await PeerTools.RunAsync(PeerTools.Python, ["-c", script], timeout: TimeSpan.FromSeconds(40));
        Assert.True(result.ExitCode == 0, $"python exit {result.ExitCode}: {result.StandardError}\nserver: {peer.Output}");
        return result.StandardOutput;
    }
}
