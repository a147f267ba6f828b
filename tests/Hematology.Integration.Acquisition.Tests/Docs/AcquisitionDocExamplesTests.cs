using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hematology.Integration.Acquisition.Tests.Docs;

/// <summary>The code of docs/acquisition.md, compiled and run: the documented configuration is valid and wires up.</summary>
public sealed class AcquisitionDocExamplesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("acq-docs-").FullName;
    private readonly ILoggerFactory loggerFactory = NullLoggerFactory.Instance;
    private readonly Secrets secrets = new();
    private readonly Pipeline pipeline = new();
    private readonly Audit audit = new();

    [Fact]
    public async Task Examples_SourcesPollerAndStability_AreValidAndRun()
    {
        var (xn1, drop) = SourceOptions();
        drop.Path = _root;

        // --- docs/acquisition.md "FTP and FTPS"
        await using var source = new FtpFileSource(xn1, loggerFactory, TimeProvider.System);
        // --- "Local or SMB folder"
        await using var folder = new LocalFolderFileSource(drop, loggerFactory);

        // --- "Polling"
        using var stop = new CancellationTokenSource();
        var stoppingToken = stop.Token;
        var poller = new AcquisitionPoller(
            new AcquisitionOptions { SpoolDirectory = Path.Combine(_root, "spool") },
            async args =>
            {
                // args.File is durable: LocalPath fsync'd, Length checked, Sha256 computed. Hand it on here;
                // the analyzer's copy is removed after this returns.
                await pipeline.EnqueueAsync(args.File, args.CancellationToken);
            },
            loggerFactory,
            TimeProvider.System);
        poller.OnRemoved = args => audit.FileRemovedAsync(args.File, args.ArchivedAs, args.CancellationToken);
        poller.Add(new FtpFileSource(xn1, loggerFactory));
        poller.Add(new LocalFolderFileSource(drop, loggerFactory));
        await stop.CancelAsync(); // the example runs until the host stops; here it stops at once
        await poller.RunAsync(stoppingToken);
        await poller.DisposeAsync();

        // --- "What stability does"
        var options = new AcquisitionOptions
        {
            SpoolDirectory = "/var/lib/hematology/spool",
            Stability = new StabilityOptions
            {
                Window = TimeSpan.FromSeconds(10),
                MinObservations = 2,
                Completeness = FileCompleteness.FinalNewline,
            },
        };

        Assert.Equal("ftps://10.20.0.15:21/export/", source.Location);
        Assert.Equal("xn1000-a", source.AnalyzerId.Value);
        Assert.True(new AcquisitionOptionsValidator().Validate(null, options).Succeeded);
        Assert.Empty(pipeline.Files);
    }

    [Fact]
    public async Task Examples_DependencyInjection_ValidatesAndCreatesThePoller()
    {
        var (xn1, drop) = SourceOptions();
        drop.Path = _root;
        var services = new ServiceCollection();

        services.AddHematologyAcquisition(o => o.SpoolDirectory = "/var/lib/hematology/spool")
                .AddFtpSource(xn1)
                .AddLocalFolderSource(drop);

        await using var serviceProvider = services.BuildServiceProvider();
        Func<FileAcquiredArguments, ValueTask> onAcquired = args => pipeline.EnqueueAsync(args.File, args.CancellationToken);
        await using var poller = serviceProvider.CreateAcquisitionPoller(onAcquired);

        Assert.Equal("/var/lib/hematology/spool", serviceProvider.GetRequiredService<IOptions<AcquisitionOptions>>().Value.SpoolDirectory);
        Assert.Equal(2, serviceProvider.GetServices<IResultFileSource>().Count());
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private (FtpSourceOptions Ftp, LocalFolderSourceOptions Folder) SourceOptions()
    {
        var xn1 = new FtpSourceOptions
        {
            AnalyzerId = "xn1000-a",                // letters, digits, '-', '_', '.' (1 to 64)
            Host = "10.20.0.15",                    // the analyzer, usually an IP address
            Port = 21,                              // 990 for implicit FTPS
            User = "lis",
            Password = secrets.Xn1Password,         // never logged, never in an exception message
            TlsMode = FtpTlsMode.Explicit,          // None, Explicit (AUTH TLS) or Implicit
            TlsServerName = "xn1000-a.lab.example", // see "TLS" below: needed when Host is an IP address
            PinnedCertificateSha256 = "3F:9A:" + string.Join(':', Enumerable.Repeat("0B", 30)),
            RemoteDirectory = "/export",
            FilePattern = "*.csv",
            AfterDownload = AfterDownloadAction.Archive,
        };
        var drop = new LocalFolderSourceOptions
        {
            AnalyzerId = "bc6800-b",
            Path = "/mnt/bc6800/export",
            FilePattern = "*.csv",
        };
        Assert.True(new FtpSourceOptionsValidator().Validate(null, xn1).Succeeded);
        Assert.True(new LocalFolderSourceOptionsValidator().Validate(null, drop).Succeeded);
        return (xn1, drop);
    }

    private sealed class Secrets
    {
        public string Xn1Password { get; } = "not-a-real-password";
    }

    private sealed class Pipeline
    {
        public List<AcquiredFile> Files { get; } = [];

        public ValueTask EnqueueAsync(AcquiredFile file, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Files.Add(file);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Audit
    {
        public List<(AcquiredFile File, string? ArchivedAs)> Removed { get; } = [];

        public ValueTask FileRemovedAsync(AcquiredFile file, string? archivedAs, CancellationToken cancellationToken)
        {
            Removed.Add((file, archivedAs));
            return ValueTask.CompletedTask;
        }
    }
}
