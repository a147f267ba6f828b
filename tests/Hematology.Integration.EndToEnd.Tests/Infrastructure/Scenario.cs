using System.Globalization;
using Hematology.Integration.Testing.Peers;

namespace Hematology.Integration.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One end-to-end scenario's folders and settings: a drop folder, a spool, a LIMS port and record file, and pipeline
/// options tuned for a loaded CI machine (short polls and stability window, short retry delays).
/// </summary>
internal sealed class Scenario : IDisposable
{
    public Scenario()
    {
        Root = Directory.CreateTempSubdirectory("e2e-").FullName;
        DropFolder = Path.Combine(Root, "drop");
        Directory.CreateDirectory(DropFolder);
        SpoolDirectory = Path.Combine(Root, "spool");
        RecordFile = Path.Combine(Root, "lims-received.hl7");
        LimsPort = PeerTools.FreePort();
    }

    public string Root { get; }

    public string DropFolder { get; }

    public string SpoolDirectory { get; }

    public string RecordFile { get; }

    public int LimsPort { get; }

    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Applies the scenario's settings; <paramref name="more"/> changes them further.</summary>
    public Action<HematologyOptions> Configure(Action<HematologyOptions>? more = null) => options =>
    {
        options.SpoolDirectory = SpoolDirectory;
        var analyzer = new AnalyzerOptions
        {
            Id = "xn-1",
            PollInterval = TimeSpan.FromMilliseconds(150),
            StabilityWindow = TimeSpan.FromMilliseconds(100),
        };
        analyzer.Source.Path = DropFolder;
        options.Analyzers.Add(analyzer);
        options.Destinations.Add(new DestinationOptions
        {
            Name = "lims",
            Host = "127.0.0.1",
            Port = LimsPort,
            AckTimeout = AckTimeout,
            ConnectTimeout = TimeSpan.FromSeconds(2),
        });
        options.Resilience.Delivery.RetryBaseDelay = TimeSpan.FromMilliseconds(50);
        options.Resilience.Delivery.ConnectionRetryBaseDelay = TimeSpan.FromMilliseconds(100);
        options.Resilience.Delivery.MaxConnectionRetryDelay = TimeSpan.FromMilliseconds(500);
        options.Resilience.CircuitBreaker.BreakDuration = TimeSpan.FromMilliseconds(500);
        options.Resilience.Pause.MaxOutboxDepth = 0; // bursts of test files are not an emergency
        options.Resilience.Pause.AckLatencyThreshold = TimeSpan.Zero;
        options.Resilience.SchedulingLag.Enabled = false; // the CI machine is loaded; lag warnings are noise here
        more?.Invoke(options);
    };

    public Task<Lims> StartLimsAsync(string mode = "ack", int faultEvery = 1) => Lims.StartAsync(LimsPort, RecordFile, mode, faultEvery);

    public IReadOnlyList<string> ReceivedControlIds() => Lims.ControlIds(RecordFile);

    public string SpoolPath(string relative) => Path.Combine(SpoolDirectory, relative);

    public IReadOnlyList<string> QuarantineItems(string reason) =>
        Directory.Exists(SpoolPath("quarantine/" + reason))
            ? [.. Directory.EnumerateFiles(SpoolPath("quarantine/" + reason)).Where(f => !f.EndsWith(".reason.json", StringComparison.Ordinal) && !f.EndsWith(".reason.txt", StringComparison.Ordinal) && !f.EndsWith(".meta.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal)]
            : [];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A socket or a file still held by a dying peer: harmless in a temp folder.
        }
    }

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
