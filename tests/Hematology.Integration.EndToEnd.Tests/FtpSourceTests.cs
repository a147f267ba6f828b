using System.Globalization;
using Hematology.Integration.Acquisition;
using Hematology.Integration.EndToEnd.Tests.Infrastructure;
using Hematology.Integration.Testing.Peers;

namespace Hematology.Integration.EndToEnd.Tests;

/// <summary>An analyzer's FTPS server (vsftpd, self-signed certificate pinned) → the pipeline → the LIMS.</summary>
public sealed class FtpSourceTests : IDisposable
{
    private readonly Scenario _scenario = new();

    public void Dispose() => _scenario.Dispose();

    [Fact]
    public async Task Pipeline_ExportsOnAnFtpsServer_AreDeliveredInOrderAndArchivedOnTheServer()
    {
        await using var ftp = await FtpPeer.StartAsync(FtpPeerServer.Vsftpd, new FtpPeerOptions { Tls = true });
        var contents = Enumerable.Range(1, 5).Select(i => Exports.Valid(i)).ToList();
        for (var i = 0; i < contents.Count; i++)
        {
            ftp.WriteFile(string.Create(CultureInfo.InvariantCulture, $"export/run-{i:D3}.csv"), contents[i]);
        }

        // A file a crashed host had claimed (moved into the processing folder) but not yet copied.
        var stranded = Exports.Valid(99);
        ftp.WriteFile("export/processing/run-099.csv", stranded);
        var expected = contents.SelectMany(c => Exports.ControlIds(c, 2)).ToList();
        await using var lims = await _scenario.StartLimsAsync();
        var configure = _scenario.Configure(o =>
        {
            var source = o.Analyzers[0].Source;
            source.Kind = AnalyzerSourceKind.Ftp;
            source.Path = null;
            source.Host = ftp.Host;
            source.Port = ftp.Port;
            source.User = ftp.User;
            source.Password = ftp.Password;
            source.Tls = FtpTlsMode.Explicit;
            source.TlsServerName = "localhost";
            source.PinnedCertificateSha256 = ftp.Certificate!.Sha256Thumbprint;
            source.RemoteDirectory = "/export";
            source.AfterDownload = AfterDownloadAction.Archive;
            o.Analyzers[0].PollInterval = TimeSpan.FromMilliseconds(300);
        });

        await using (var pipeline = await PipelineUnderTest.StartAsync(configure))
        {
            await pipeline.WaitForIdleAsync(TimeSpan.FromSeconds(120));
            Assert.DoesNotContain(pipeline.Logs.Entries, e => e.Message.Contains(ftp.Password, StringComparison.Ordinal));
        }

        var received = _scenario.ReceivedControlIds();
        Assert.Equal(expected, received.Where(id => !Exports.ControlIds(stranded, 2).Contains(id)));
        Assert.Equal(Exports.ControlIds(stranded, 2), received.Where(id => Exports.ControlIds(stranded, 2).Contains(id)));
        Assert.Equal(6, Directory.EnumerateFiles(ftp.LocalPath("export/archive")).Count());
        Assert.Empty(Directory.EnumerateFiles(ftp.LocalPath("export")));
        Assert.Empty(Directory.EnumerateFiles(ftp.LocalPath("export/processing")));
        var report = await PipelineUnderTest.VerifyAuditAsync(configure.Options(_scenario));
        Assert.True(report.IsValid, report.ChainBreak?.Message ?? string.Join("; ", report.ArtifactProblems));
    }
}
