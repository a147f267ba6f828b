using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hematology.Integration.Acquisition.Tests.Options;

public sealed class OptionsTests
{
    [Fact]
    public void FtpSourceOptions_Defaults_AreSafeForInstruments()
    {
        var options = new FtpSourceOptions();

        Assert.Equal(21, options.Port);
        Assert.Equal("anonymous", options.User);
        Assert.Equal(FtpTlsMode.None, options.TlsMode);
        Assert.Null(options.TlsServerName);
        Assert.Null(options.PinnedCertificateSha256);
        Assert.Equal("/", options.RemoteDirectory);
        Assert.Equal("processing", options.ProcessingFolder);
        Assert.Equal("archive", options.ArchiveFolder);
        Assert.Equal(AfterDownloadAction.Delete, options.AfterDownload);
        Assert.Equal("utf-8", options.Encoding);
        Assert.Equal("*", options.FilePattern);
        Assert.Equal(TimeSpan.FromSeconds(15), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.CommandTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.DataTimeout);
        Assert.Equal(TimeSpan.FromSeconds(15), options.PollInterval);
        Assert.Equal(1, options.MaxConnections);
        Assert.Equal(3, options.DownloadAttempts);
        Assert.Equal(64L * 1024 * 1024, options.MaxFileBytes);
    }

    [Fact]
    public void OtherOptions_Defaults_MatchTheDocumentation()
    {
        var stability = new StabilityOptions();
        var local = new LocalFolderSourceOptions();
        var acquisition = new AcquisitionOptions();

        Assert.Equal(TimeSpan.FromSeconds(5), stability.Window);
        Assert.Equal(2, stability.MinObservations);
        Assert.Null(stability.Completeness);
        Assert.Equal("processing", local.ProcessingFolder);
        Assert.Equal(AfterDownloadAction.Delete, local.AfterDownload);
        Assert.Equal(TimeSpan.FromSeconds(15), local.PollInterval);
        Assert.Equal(0.1, acquisition.PollJitter);
        Assert.Equal(TimeSpan.FromMinutes(5), acquisition.MaxBackoff);
        Assert.Empty(acquisition.SpoolDirectory);
    }

    [Fact]
    public void FtpSourceOptionsValidator_ValidOptions_Succeeds()
    {
        var result = new FtpSourceOptionsValidator().Validate(null, Valid());

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData("AnalyzerId")]
    [InlineData("Host")]
    [InlineData("Port")]
    [InlineData("PinnedCertificateSha256")]
    [InlineData("ProcessingFolder")]
    [InlineData("ArchiveFolder")]
    [InlineData("Encoding")]
    [InlineData("ConnectTimeout")]
    [InlineData("MaxConnections")]
    [InlineData("DownloadAttempts")]
    public void FtpSourceOptionsValidator_OneBadValue_NamesIt(string property)
    {
        var options = Valid();
        switch (property)
        {
            case "AnalyzerId": options.AnalyzerId = "../bad"; break;
            case "Host": options.Host = " "; break;
            case "Port": options.Port = 70000; break;
            case "PinnedCertificateSha256": options.PinnedCertificateSha256 = "abc"; break;
            case "ProcessingFolder": options.ProcessingFolder = "../up"; break;
            case "ArchiveFolder": options.AfterDownload = AfterDownloadAction.Archive; options.ArchiveFolder = string.Empty; break;
            case "Encoding": options.Encoding = "no-such-encoding"; break;
            case "ConnectTimeout": options.ConnectTimeout = TimeSpan.Zero; break;
            case "MaxConnections": options.MaxConnections = 0; break;
            default: options.DownloadAttempts = 0; break;
        }

        var result = new FtpSourceOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains(property, StringComparison.Ordinal));
    }

    [Fact]
    public void FtpSourceOptionsValidator_ManyBadValues_ReportsEveryOne()
    {
        var result = new FtpSourceOptionsValidator().Validate(null, new FtpSourceOptions { Port = 0, MaxConnections = 0, TlsMode = FtpTlsMode.None, PinnedCertificateSha256 = new string('a', 64) });

        Assert.True(result.Failures!.Count() >= 5);
    }

    [Theory]
    [InlineData("aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99", true)]
    [InlineData("AABBCCDDEEFF00112233445566778899AABBCCDDEEFF00112233445566778899", true)]
    [InlineData("AABBCCDDEEFF00112233445566778899AABBCCDDEEFF0011223344556677889", false)]
    [InlineData("ZZBBCCDDEEFF00112233445566778899AABBCCDDEEFF00112233445566778899", false)]
    public void FtpSourceOptionsValidator_Thumbprints_AcceptSha256HexWithSeparators(string thumbprint, bool valid)
    {
        var options = Valid();
        options.TlsMode = FtpTlsMode.Explicit;
        options.PinnedCertificateSha256 = thumbprint;

        Assert.Equal(valid, new FtpSourceOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("", "/tmp/x", true)]
    [InlineData("lab1", "", true)]
    [InlineData("lab1", "/tmp/x", false)]
    public void LocalFolderSourceOptionsValidator_RequiredValues_AreChecked(string analyzer, string path, bool fails)
    {
        var result = new LocalFolderSourceOptionsValidator().Validate(null, new LocalFolderSourceOptions { AnalyzerId = analyzer, Path = path });

        Assert.Equal(fails, result.Failed);
    }

    [Theory]
    [InlineData(5, 2, false)]
    [InlineData(0, 1, false)]
    [InlineData(-1, 2, true)]
    [InlineData(5, 0, true)]
    public void StabilityOptionsValidator_Values_AreChecked(int windowSeconds, int observations, bool fails)
    {
        var result = new StabilityOptionsValidator().Validate(null, new StabilityOptions { Window = TimeSpan.FromSeconds(windowSeconds), MinObservations = observations });

        Assert.Equal(fails, result.Failed);
    }

    [Theory]
    [InlineData("/tmp/spool", 0.1, false)]
    [InlineData("", 0.1, true)]
    [InlineData("/tmp/spool", 0.9, true)]
    public void AcquisitionOptionsValidator_Values_AreChecked(string spool, double jitter, bool fails)
    {
        var result = new AcquisitionOptionsValidator().Validate(null, new AcquisitionOptions { SpoolDirectory = spool, PollJitter = jitter });

        Assert.Equal(fails, result.Failed);
    }

    [Fact]
    public void AcquisitionOptionsValidator_BadStability_IsPrefixed()
    {
        var result = new AcquisitionOptionsValidator().Validate(null, new AcquisitionOptions { SpoolDirectory = "/tmp/s", Stability = new StabilityOptions { MinObservations = 0 } });

        Assert.Contains(result.Failures!, f => f.StartsWith("Stability.", StringComparison.Ordinal));
    }

    [Fact]
    public void FtpFileSource_InvalidOptions_ThrowsWithEveryError()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => new FtpFileSource(new FtpSourceOptions()));

        Assert.Contains(ex.Failures, f => f.Contains("Host", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("AnalyzerId", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddHematologyAcquisition_WithSources_CreatesAPollerOverThem()
    {
        var folder = Directory.CreateTempSubdirectory("acq-di-");
        try
        {
            var services = new ServiceCollection()
                .AddHematologyAcquisition(o => o.SpoolDirectory = Path.Combine(folder.FullName, "spool"))
                .AddLocalFolderSource(new LocalFolderSourceOptions { AnalyzerId = "lab1", Path = folder.FullName })
                .AddFtpSource(Valid());
            await using var provider = services.BuildServiceProvider();

            await using var poller = provider.CreateAcquisitionPoller(_ => ValueTask.CompletedTask);
            var sources = provider.GetServices<IResultFileSource>().ToList();

            Assert.Equal(2, sources.Count);
            Assert.Equal(0, await poller.PollOnceAsync(sources.OfType<LocalFolderFileSource>().Single()));
            Assert.Equal("ftp://10.0.0.5:21/export/", sources.OfType<FtpFileSource>().Single().Location);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void AddFtpSource_InvalidOptions_ThrowsAtRegistration()
    {
        Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddFtpSource(new FtpSourceOptions()));
    }

    private static FtpSourceOptions Valid() => new()
    {
        AnalyzerId = "xn-1000",
        Host = "10.0.0.5",
        User = "lab",
        Password = "secret",
        RemoteDirectory = "/export",
    };
}
