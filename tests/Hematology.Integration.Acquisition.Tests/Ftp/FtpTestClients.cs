using Hematology.Integration.Testing.Peers;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hematology.Integration.Acquisition.Tests.Ftp;

/// <summary>Builds options and clients for a running peer.</summary>
internal static class FtpTestClients
{
    public static FtpSourceOptions Options(FtpPeer peer, string directory = "/", Action<FtpSourceOptions>? configure = null)
    {
        var options = new FtpSourceOptions
        {
            AnalyzerId = "xn-test",
            Host = peer.Host,
            Port = peer.Port,
            User = peer.User,
            Password = peer.Password,
            RemoteDirectory = directory,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            CommandTimeout = TimeSpan.FromSeconds(10),
            DataTimeout = TimeSpan.FromSeconds(10),
        };
        if (peer.Certificate is not null)
        {
            options.TlsMode = FtpTlsMode.Explicit;
            options.TlsServerName = "localhost";
            options.PinnedCertificateSha256 = peer.Certificate.Sha256Thumbprint;
        }

        configure?.Invoke(options);
        return options;
    }

    public static async Task<FtpClient> ConnectAsync(FtpPeer peer, string directory = "/", Action<FtpSourceOptions>? configure = null)
    {
        var client = new FtpClient(Options(peer, directory, configure), TimeProvider.System, NullLogger.Instance);
        try
        {
            await client.ConnectAsync(CancellationToken.None);
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }

        return client;
    }

    public static async Task<byte[]> DownloadAsync(FtpClient client, string name, long offset = 0, bool recheckTime = false)
    {
        var buffer = new MemoryStream();
        await client.DownloadAsync(name, offset, (chunk, _) =>
        {
            buffer.Write(chunk.Span);
            return ValueTask.CompletedTask;
        }, CancellationToken.None, recheckTime);
        return buffer.ToArray();
    }
}
