using System.Diagnostics;
using System.Globalization;
using Hematology.Integration.Audit;

namespace Hematology.Integration.Benchmarks;

/// <summary>Registers the audit runner: <c>side-by-side audit [--events N] [--writers N] [--dir PATH]</c>.</summary>
internal static partial class SideBySideRegistry
{
    static partial void RegisterAudit() => SideBySide.Register("audit", AuditSideBySide.RunAsync);
}

/// <summary>
/// Durable appends per second with concurrent writers, group commit against one flush per event (the floor), for
/// the JSON Lines and SQLite trails, and verification speed. Every append is awaited (durable) before it counts.
/// </summary>
internal static class AuditSideBySide
{
    public static async Task<int> RunAsync(string[] args)
    {
        var events = IntArg(args, "--events", 200_000);
        var floorEvents = IntArg(args, "--floor-events", 20_000);
        var writers = IntArg(args, "--writers", 8);
        var root = StringArg(args, "--dir") ?? Path.Combine(LocalWorkFolder.Get("audit"), "run-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        Console.WriteLine($"audit side-by-side: {writers} writers, every append awaited until durable (fsync); folder {root}");
        Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} cores, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm}Z");
        Console.WriteLine();
        Console.WriteLine("| Scenario | Events | Seconds | Events/s | Events per flush |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        try
        {
            var jsonDir = Path.Combine(root, "jsonl-group64");
            await RunAsync("JSON Lines, group commit, 1 append in flight per writer", floorEvents * 2, writers, 1,
                () => AuditTrail.OpenJsonLinesAsync(new JsonLinesAuditOptions { Directory = Path.Combine(root, "jsonl-group1") }).AsTask());
            await RunAsync("JSON Lines, group commit, 8 appends in flight per writer", events / 2, writers, 8,
                () => AuditTrail.OpenJsonLinesAsync(new JsonLinesAuditOptions { Directory = Path.Combine(root, "jsonl-group8") }).AsTask());
            await RunAsync("JSON Lines, group commit, 64 appends in flight per writer", events, writers, 64,
                () => AuditTrail.OpenJsonLinesAsync(new JsonLinesAuditOptions { Directory = jsonDir }).AsTask());
            await RunAsync("JSON Lines, one fsync per event (floor)", floorEvents, writers, 1,
                () => AuditTrail.OpenJsonLinesAsync(new JsonLinesAuditOptions { Directory = Path.Combine(root, "jsonl-each"), MaxBatchSize = 1 }).AsTask());
            await RunAsync("SQLite, group commit, 1 append in flight per writer", floorEvents * 2, writers, 1,
                () => AuditTrail.OpenSqliteAsync(new SqliteAuditOptions { DatabasePath = Path.Combine(root, "group1.db") }).AsTask());
            await RunAsync("SQLite, group commit, 64 appends in flight per writer", events / 2, writers, 64,
                () => AuditTrail.OpenSqliteAsync(new SqliteAuditOptions { DatabasePath = Path.Combine(root, "group.db") }).AsTask());
            await RunAsync("SQLite, one transaction per event (floor)", floorEvents / 2, writers, 1,
                () => AuditTrail.OpenSqliteAsync(new SqliteAuditOptions { DatabasePath = Path.Combine(root, "each.db"), MaxBatchSize = 1 }).AsTask());

            Console.WriteLine();
            Console.WriteLine("| Verification | Entries | Seconds | Entries/s | CPU seconds | Entries per CPU second |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            await VerifyAsync("JSON Lines", AuditTrail.ReadJsonLines(jsonDir));
            await VerifyAsync("SQLite", AuditTrail.ReadSqlite(Path.Combine(root, "group.db")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (StringArg(args, "--dir") is null)
            {
                Directory.Delete(root, recursive: true);
            }
        }

        return 0;
    }

    private static async Task RunAsync(string name, int events, int writers, int inFlight, Func<Task<IAuditTrailStore>> open)
    {
        var store = await open();
        await using (store.ConfigureAwait(false))
        {
            // Warm up (JIT, file creation) before timing.
            for (var i = 0; i < 200; i++)
            {
                await store.AppendAsync(Event(i));
            }

            var perWriter = events / writers;
            var timestamps = new HashSet<DateTimeOffset>[writers];
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                var seen = timestamps[w] = [];
                var window = new Queue<Task<AuditEntry>>(inFlight);
                for (var i = 0; i < perWriter; i++)
                {
                    if (window.Count == inFlight)
                    {
                        seen.Add((await window.Dequeue()).Timestamp);
                    }

                    window.Enqueue(store.AppendAsync(Event((w * perWriter) + i)).AsTask());
                }

                while (window.Count > 0)
                {
                    seen.Add((await window.Dequeue()).Timestamp);
                }
            })));
            clock.Stop();
            var total = perWriter * writers;
            var batches = timestamps.SelectMany(t => t).Distinct().Count();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {total:N0} | {clock.Elapsed.TotalSeconds:0.00} | {total / clock.Elapsed.TotalSeconds:N0} | {(double)total / batches:0.0} |"));
        }
    }

    private static async Task VerifyAsync(string name, IAuditTrailReader reader)
    {
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var report = await AuditTrail.CreateVerifier(new AuditVerifierOptions { VerifyArtifacts = false }).VerifyAsync(reader);
        clock.Stop();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        if (!report.IsValid)
        {
            throw new InvalidOperationException("The benchmark trail did not verify: " + report.ChainBreak?.Message);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {report.EntriesVerified:N0} | {clock.Elapsed.TotalSeconds:0.00} | {report.EntriesVerified / clock.Elapsed.TotalSeconds:N0} | {cpu:0.00} | {report.EntriesVerified / cpu:N0} |"));
    }

    private static AuditEvent Event(int i) => new()
    {
        Type = AuditEventTypes.AckReceived,
        CorrelationId = CorrelationId.New(TimeProvider.System),
        AnalyzerId = AnalyzerId.Create("xn-1000-lab1"),
        FileName = "XN-1000_20261122_0815.csv",
        FileSha256 = Sha256Digest.Compute(BitConverter.GetBytes(i)),
        MessageType = "ORU^R01",
        ControlId = "HX" + i.ToString("D10", CultureInfo.InvariantCulture),
        Destination = "lims-main",
        AckStatus = "AA",
        LatencyMs = 42.5,
        RetryCount = 0,
        Disposition = "sent",
    };

    private static int IntArg(string[] args, string name, int fallback) =>
        StringArg(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? StringArg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
