using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Hematology.Integration.Audit;
using Hematology.Integration.Cli.Demo;
using Hematology.Integration.Monitoring;
using Hematology.Integration.Spool;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hematology.Integration.Cli.Commands;

/// <summary>
/// <c>hematology demo</c>: the whole pipeline on embedded defaults, with nothing installed and no servers — simulated
/// analyzers' drop folders, an in-process MLLP LIMS simulator, the real pipeline, a summary, and a verified audit trail.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var directory = new Option<DirectoryInfo?>("--dir") { Description = "The working folder (created; kept afterwards). The default is a new temporary folder." };
        var keep = new Option<bool>("--keep") { Description = "Keep the temporary working folder (exports, spool, audit trail) for inspection." };
        var timeout = new Option<TimeSpan>("--timeout")
        {
            Description = "Give up when the files are not all settled within this time (hh:mm:ss).",
            DefaultValueFactory = _ => TimeSpan.FromMinutes(2),
        };
        var demo = new Command("demo", "Run the whole pipeline on generated exports from three simulated analyzers into an in-process LIMS simulator, then print a summary and verify the audit trail. Needs no servers.")
        {
            directory, keep, timeout,
        };
        demo.SetAction((parse, ct) => CliContext.RunAsync(parse, () =>
        {
            var given = parse.GetValue(directory);
            var root = given?.FullName ?? Path.Combine(Path.GetTempPath(), "hematology-demo-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture));
            return RunAsync(parse.InvocationConfiguration.Output, root, keepFolder: given is not null || parse.GetValue(keep), parse.GetValue(timeout), parse.GetValue(CliContext.Verbose), ct);
        }));
        return demo;
    }

    private static async Task<int> RunAsync(TextWriter output, string root, bool keepFolder, TimeSpan timeout, bool verbose, CancellationToken cancellationToken)
    {
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            throw new CliException($"The folder {root} is not empty.", "Pass --dir with a new or empty folder.", ExitCodes.Usage);
        }

        var stopwatch = Stopwatch.StartNew();
        var expected = new DemoExpectation();
        var analyzers = DemoExports.Write(root, DateTimeOffset.UtcNow, expected);
        output.WriteLine($"Demo in {root}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  wrote {expected.Files} exports from {analyzers.Count} simulated analyzers ({string.Join(", ", analyzers.Select(a => $"{a.Id}: {a.Profile}"))})"));

        try
        {
            var lims = LimsSimulator.Start();
            await using var limsScope = lims.ConfigureAwait(false);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  LIMS simulator (MLLP) listening on 127.0.0.1:{lims.Port}"));
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings(root, analyzers, lims.Port)).Build();
            var options = HematologyConfiguration.Bind(configuration);

            PipelineSnapshot snapshot;
            using (var host = BuildHost(configuration, verbose))
            {
                var monitor = host.Services.GetRequiredService<IPipelineMonitor>();
                using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var progress = ShowProgressAsync(output, monitor, watching.Token);
                await host.StartAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await monitor.WaitForIdleAsync(cancellationToken).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  not settled within {timeout}: stopping"));
                }
                catch (InvalidOperationException ex)
                {
                    // The pipeline stopped before it was idle (for example, the spool's disk is full); the summary shows what was done.
                    output.WriteLine("  the pipeline stopped: " + ex.Message);
                }

                snapshot = monitor.GetSnapshot();
                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
                await watching.CancelAsync().ConfigureAwait(false);
                await progress.ConfigureAwait(false);
            }

            var quarantined = SpoolQuarantine.List(HematologyConfiguration.GetSpoolDirectory(options));
            var verification = await AuditTrail
                .CreateVerifier(new AuditVerifierOptions { ArtifactRoot = HematologyConfiguration.GetSpoolDirectory(options) })
                .VerifyAsync(HematologyConfiguration.OpenAuditReader(options), cancellationToken)
                .ConfigureAwait(false);

            var problems = Compare(expected, snapshot, lims, verification);
            PrintSummary(output, stopwatch.Elapsed, snapshot, lims, quarantined, verification, options, keepFolder);
            foreach (var problem in problems)
            {
                output.WriteLine("  UNEXPECTED: " + problem);
            }

            output.WriteLine(problems.Count == 0 ? "Demo succeeded: every file settled, every valid result acknowledged, the bad input quarantined with reasons." : "Demo FAILED (see above).");
            return problems.Count == 0 ? ExitCodes.Success : ExitCodes.Failed;
        }
        finally
        {
            if (!keepFolder)
            {
                TryDelete(root);
            }
        }
    }

    private static Dictionary<string, string?> Settings(string root, IReadOnlyList<DemoAnalyzer> analyzers, int limsPort)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Hematology:SpoolDirectory"] = Path.Combine(root, "spool"),
            ["Hematology:ControlChannel"] = "false",
            ["Hematology:Audit:Store"] = nameof(AuditStoreKind.JsonLines),
            ["Hematology:Destinations:0:Name"] = "lims",
            ["Hematology:Destinations:0:Kind"] = "Mllp",
            ["Hematology:Destinations:0:Host"] = "127.0.0.1",
            ["Hematology:Destinations:0:Port"] = limsPort.ToString(CultureInfo.InvariantCulture),
        };
        for (var i = 0; i < analyzers.Count; i++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"Hematology:Analyzers:{i}:");
            settings[prefix + "Id"] = analyzers[i].Id;
            settings[prefix + "Profile"] = analyzers[i].Profile;
            settings[prefix + "TimeZone"] = DemoExports.TimeZone;
            settings[prefix + "Source:Kind"] = "LocalFolder";
            settings[prefix + "Source:Path"] = analyzers[i].DropFolder;

            // Short intervals so the demo settles in seconds; a site keeps the defaults (15 s polls, 5 s stability window).
            settings[prefix + "PollInterval"] = "00:00:00.500";
            settings[prefix + "StabilityWindow"] = "00:00:01";
        }

        return settings;
    }

    private static IHost BuildHost(IConfiguration configuration, bool verbose)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Error);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.AddHematologyPipeline(configuration);
        return builder.Build();
    }

    private static async Task ShowProgressAsync(TextWriter output, IPipelineMonitor monitor, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var activity in monitor.WatchAsync(cancellationToken).ConfigureAwait(false))
            {
                switch (activity)
                {
                    case FileSettled file:
                        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"  file    {file.AnalyzerId}/{file.FileName}: {file.Verdict}, {file.Results} result(s), {file.RejectedRows} row(s) rejected, {file.MessagesQueued} message(s) queued{(file.IssueCode is null ? string.Empty : " [" + file.IssueCode + "]")}"));
                        break;
                    case MessageSettled message:
                        output.WriteLine(message.Disposition == MessageDisposition.Delivered
                            ? $"  message {message.ControlId} -> {message.Destination}: {message.AckCode ?? "?"}"
                            : $"  message {message.ControlId} -> {message.Destination}: QUARANTINED ({message.QuarantineReason}) {message.Detail}");
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The demo is over.
        }
    }

    private static List<string> Compare(DemoExpectation expected, PipelineSnapshot snapshot, LimsSimulator lims, AuditVerificationReport verification)
    {
        var problems = new List<string>();
        void Check(string what, long actual, long wanted)
        {
            if (actual != wanted)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{what}: {actual}, expected {wanted}"));
            }
        }

        Check("files settled", snapshot.FilesSettled, expected.Files);
        Check("files rejected", snapshot.FilesRejected, expected.FilesRejected);
        Check("files with rejected rows", snapshot.FilesWithRejectedRows, expected.FilesWithRejectedRows);
        Check("rows rejected", snapshot.RowsRejected, expected.RowsRejected);
        Check("results accepted", snapshot.ResultsAccepted, expected.Results);
        Check("messages delivered", snapshot.MessagesDelivered, expected.Messages);
        Check("messages quarantined", snapshot.MessagesQuarantined, 0);
        Check("messages the LIMS received", lims.MessagesReceived, expected.Messages);
        Check("results the LIMS received", lims.ResultsReceived, expected.Results);
        if (!verification.IsValid)
        {
            problems.Add("the audit trail did not verify");
        }

        return problems;
    }

    private static void PrintSummary(
        TextWriter output, TimeSpan elapsed, PipelineSnapshot snapshot, LimsSimulator lims, IReadOnlyList<QuarantineEntry> quarantined,
        AuditVerificationReport verification, HematologyOptions options, bool kept)
    {
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Summary ({elapsed.TotalSeconds:0.0} s)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  files:      {snapshot.FilesSettled} settled: {snapshot.FilesAccepted} accepted, {snapshot.FilesWithRejectedRows} accepted with rows set aside, {snapshot.FilesRejected} rejected"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  results:    {snapshot.ResultsAccepted} accepted, {snapshot.RowsRejected} row(s) rejected"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  messages:   {snapshot.MessagesDelivered} ORU^R01 acknowledged (AA) by the LIMS simulator, {snapshot.MessagesQuarantined} quarantined, {snapshot.OutboxDepth} still queued; the LIMS received {lims.MessagesReceived} message(s) with {lims.ResultsReceived} result(s), {lims.Resends} resend(s)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  quarantine: {quarantined.Count} item(s)"));
        foreach (var entry in quarantined)
        {
            output.WriteLine($"    {entry.Id}: {entry.Summary}");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  audit:      {(verification.IsValid ? "VERIFIED" : "NOT VERIFIED")}: {verification.EntriesVerified} entries chained, {verification.ArtifactsChecked} retained file(s) re-hashed"));
        var where = kept ? string.Empty : " (removed; pass --keep to inspect)";
        output.WriteLine($"  spool:      {HematologyConfiguration.GetSpoolDirectory(options)}{where}");
        output.WriteLine($"  trail:      {HematologyConfiguration.GetAuditPath(options)}{where}");
        if (kept)
        {
            output.WriteLine($"  next:       hematology quarantine list --spool {HematologyConfiguration.GetSpoolDirectory(options)}");
            output.WriteLine($"              hematology audit verify --trail {HematologyConfiguration.GetAuditPath(options)} --spool {HematologyConfiguration.GetSpoolDirectory(options)}");
        }

    }

    private static void TryDelete(string root)
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temporary folder.
        }
        catch (UnauthorizedAccessException)
        {
            // Best effort: a temporary folder.
        }
    }
}
