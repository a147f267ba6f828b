using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CsvHelper;
using Hematology.Integration.Validation;
using Hematology.Integration.Validation.Profiles;

namespace Hematology.Integration.Benchmarks.Validation;

/// <summary>
/// Side-by-side runner "validation": a bare CsvHelper read, our validator and Python's csv module doing the source
/// design's validation, each in its own child process (honest peak working set), on generated exports.
/// <c>side-by-side validation [--sizes 100,1024] [--runs 3] [--python-max 100] [--keep] [--breakdown]</c> (sizes in MB;
/// <c>--breakdown</c> adds <see cref="ValidationBreakdown"/>'s step-by-step timings). The generated
/// files go to <c>benchmarks/.work/validation/</c> and are deleted afterwards unless <c>--keep</c> is given.
/// </summary>
internal static class ValidationSideBySide
{
    private const string ChildFlag = "--child";

    private static bool Breakdown { get; set; }

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length >= 3 && args[0] == ChildFlag)
        {
            return await RunChildAsync(args[1], args[2]).ConfigureAwait(false);
        }

        var sizes = Option(args, "--sizes", "100").Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var runs = int.Parse(Option(args, "--runs", "3"), CultureInfo.InvariantCulture);
        var pythonMax = long.Parse(Option(args, "--python-max", "100"), CultureInfo.InvariantCulture);
        var keep = args.Contains("--keep");
        Breakdown = args.Contains("--breakdown");
        var script = FindScript();
        var folder = LocalWorkFolder.Get("validation");
        var ok = true;
        Console.WriteLine($"validation side-by-side: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {runs} run(s) each, best time and highest peak working set reported");
        foreach (var megabytes in sizes)
        {
            var path = Path.Combine(folder, $"hematology-validation-{megabytes}mb.csv");
            try
            {
                ok &= await MeasureFileAsync(path, megabytes, runs, pythonMax, script).ConfigureAwait(false);
            }
            finally
            {
                if (!keep)
                {
                    File.Delete(path);
                }
            }
        }

        return ok ? 0 : 1;
    }

    private static async Task<bool> MeasureFileAsync(string path, long megabytes, int runs, long pythonMax, string? script)
    {
        var rows = ValidationExport.Ensure(path, megabytes * 1024 * 1024);
        var length = new FileInfo(path).Length;
        Console.WriteLine();
        Console.WriteLine($"file {path}: {length / 1024.0 / 1024.0:F1} MB, {rows:N0} data rows");
        var bare = await MeasureAsync("bare CsvHelper read", runs, () => Self("bare", path)).ConfigureAwait(false);
        var bareAll = await MeasureAsync("bare, all 8 fields+lines", runs, () => Self("bare-all", path)).ConfigureAwait(false);
        var ours = await MeasureAsync("ours, full (results)", runs, () => Self("validate", path)).ConfigureAwait(false);
        var issuesOnly = await MeasureAsync("ours, issues only", runs, () => Self("check", path)).ConfigureAwait(false);
        Measurement? python = null;
        if (script is not null && megabytes <= pythonMax)
        {
            python = await MeasureAsync("Python csv reference", 1, () => ("/usr/bin/python3", [script, path])).ConfigureAwait(false);
        }

        Console.WriteLine($"{"runner",-24} {"seconds",8} {"CPU s",8} {"MB/s",8} {"rows/s",12} {"peak WS MB",11}");
        foreach (var m in new[] { bare, bareAll, ours, issuesOnly, python })
        {
            if (m is not null)
            {
                Console.WriteLine($"{m.Name,-24} {m.Seconds,8:F2} {m.CpuSeconds,8:F2} {length / 1024.0 / 1024.0 / m.Seconds,8:F1} {m.Rows / m.Seconds,12:N0} {m.PeakBytes / 1024.0 / 1024.0,11:F1}");
            }
        }

        var ratio = bare.Seconds / ours.Seconds;
        var extra = (ours.PeakBytes - bare.PeakBytes) / 1024.0 / 1024.0;
        Console.WriteLine($"full validation (IResultFileValidator.ValidateAsync, ValidationMode.Full, every result consumed): ours/bare = {ratio:P0} by wall clock, {bare.CpuSeconds / ours.CpuSeconds:P0} by CPU time (goal >= 60%); peak working set ours - bare = {extra:F1} MB (goal <= 32 MB)");
        var issuesRatio = bare.Seconds / issuesOnly.Seconds;
        var issuesExtra = (issuesOnly.PeakBytes - bare.PeakBytes) / 1024.0 / 1024.0;
        Console.WriteLine($"issues only (ValidateAsync with ValidationMode.IssuesOnly, every check, no result objects): ours/bare = {issuesRatio:P0} by wall clock, {bare.CpuSeconds / issuesOnly.CpuSeconds:P0} by CPU time (goal >= 60%); peak working set ours - bare = {issuesExtra:F1} MB (goal <= 32 MB)");
        Console.WriteLine($"context, second ceiling (all 8 fields as trimmed bytes, value parsed, line tracking, the validator's reader options): issues only / it = {bareAll.Seconds / issuesOnly.Seconds:P0}, full / it = {bareAll.Seconds / ours.Seconds:P0} by wall clock");
        if (python is not null)
        {
            Console.WriteLine($"reference: ours is {python.Seconds / ours.Seconds:F1}x Python's csv module doing the source design's validation");
        }

        if (Breakdown)
        {
            var (file, args) = Self("breakdown", path);
            var start = new ProcessStartInfo(file) { UseShellExecute = false };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + file);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }

        if (megabytes <= pythonMax)
        {
            var (steadyBare, steadyOurs, steadyIssues) = await SteadyStateAsync(path).ConfigureAwait(false);
            Console.WriteLine($"steady state in one process (JIT warmed, best of 5): bare {steadyBare:F3} s; full {steadyOurs:F3} s = {length / 1024.0 / 1024.0 / steadyOurs:F1} MB/s, full/bare = {steadyBare / steadyOurs:P0}; issues only {steadyIssues:F3} s = {length / 1024.0 / 1024.0 / steadyIssues:F1} MB/s, issues only/bare = {steadyBare / steadyIssues:P0}");
        }

        return Math.Max(ratio, issuesRatio) >= 0.6 && extra <= 32 && issuesExtra <= 32 && ours.Rows == rows && issuesOnly.Rows == rows;
    }

    private static async Task<int> RunChildAsync(string mode, string path)
    {
        if (mode == "inproc")
        {
            return await RunInProcessAsync(path).ConfigureAwait(false);
        }

        if (mode == "breakdown")
        {
            return await ValidationBreakdown.RunAsync(path).ConfigureAwait(false);
        }

        var stopwatch = Stopwatch.StartNew();
        var rows = mode switch
        {
            "bare" => BareRead(path),
            "bare-all" => BareReadAllFields(path),
            "check" => await ValidateAsync(path, asyncFile: false, ValidationMode.IssuesOnly).ConfigureAwait(false),
            _ => await ValidateAsync(path, mode == "validate-async").ConfigureAwait(false),
        };
        stopwatch.Stop();
        if (rows < 0)
        {
            return 3;
        }

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            rows,
            seconds = stopwatch.Elapsed.TotalSeconds,
            cpu_seconds = process.TotalProcessorTime.TotalSeconds,
            peak_bytes = process.PeakWorkingSet64,
            allocated_bytes = GC.GetTotalAllocatedBytes(),
            gc = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) },
        }));
        return 0;
    }

    /// <summary>Steady state, JIT excluded: bare read and validation alternately in one process, best of several rounds.</summary>
    private static async Task<int> RunInProcessAsync(string path)
    {
        double bare = double.MaxValue, ours = double.MaxValue, issuesOnly = double.MaxValue;
        for (var round = 0; round < 5; round++)
        {
            var stopwatch = Stopwatch.StartNew();
            BareRead(path);
            bare = Math.Min(bare, stopwatch.Elapsed.TotalSeconds);
            stopwatch.Restart();
            if (await ValidateAsync(path, asyncFile: false).ConfigureAwait(false) < 0)
            {
                return 3;
            }

            ours = Math.Min(ours, stopwatch.Elapsed.TotalSeconds);
            stopwatch.Restart();
            if (await ValidateAsync(path, asyncFile: false, ValidationMode.IssuesOnly).ConfigureAwait(false) < 0)
            {
                return 3;
            }

            issuesOnly = Math.Min(issuesOnly, stopwatch.Elapsed.TotalSeconds);
        }

        Console.WriteLine(JsonSerializer.Serialize(new { bare_seconds = bare, validate_seconds = ours, issues_only_seconds = issuesOnly }));
        return 0;
    }

    /// <summary>The ceiling: a bare CsvHelper read taking three strings and one number per row.</summary>
    private static long BareRead(string path)
    {
        using var reader = CsvReader.FromFile(path, CsvReaderOptions.Default with { Separator = ',' });
        decimal sum = 0;
        long length = 0;
        long rows = 0;
        while (reader.Read())
        {
            length += reader.GetString(0).Length + reader.GetString(2).Length + reader.GetString(4).Length;
            sum += reader.Parse<decimal>(3);
            rows++;
        }

        GC.KeepAlive(sum + length);
        return rows;
    }

    /// <summary>
    /// A second ceiling, for context only (the target is against <see cref="BareRead"/>): what the reader costs with the
    /// validator's options (line tracking, malformed-quote detection) when all eight fields are taken as trimmed bytes
    /// and the value is parsed, with no checks.
    /// </summary>
    private static long BareReadAllFields(string path)
    {
        using var reader = CsvReader.FromFile(path, ValidationBreakdown.ValidatorLikeOptions());
        decimal sum = 0;
        long length = 0;
        long rows = -1;
        while (reader.Read())
        {
            if (rows++ < 0)
            {
                continue;
            }

            for (var i = 0; i < reader.FieldCount; i++)
            {
                length += reader.GetSpan(i).Trim((byte)' ').Length;
            }

            sum += reader.Parse<decimal>(3);
            length += reader.LineNumber;
        }

        GC.KeepAlive(sum + length);
        return rows;
    }

    private static async Task<long> ValidateAsync(string path, bool asyncFile, ValidationMode mode = ValidationMode.Full)
    {
        var validator = ResultFileValidatorFactory.Create(new ResultFileValidatorOptions { MaxDuration = TimeSpan.FromHours(1) });
        var profile = AnalyzerProfiles.GenericLong("Europe/Berlin");
        var fileOptions = asyncFile ? FileOptions.Asynchronous | FileOptions.SequentialScan : FileOptions.SequentialScan;
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, fileOptions);
        var verdict = FileVerdict.Rejected;
        long rows = 0;
        long accepted = -1;
        await foreach (var item in validator.ValidateAsync(stream, AnalyzerId.Create("bench"), profile, mode).ConfigureAwait(false))
        {
            if (item is ResultAccepted)
            {
                rows++;
            }
            else if (item is ValidationCompleted completed)
            {
                verdict = completed.Summary.Verdict;
                accepted = completed.Summary.ResultsAccepted;
            }
        }

        if (verdict != FileVerdict.Accepted)
        {
            Console.Error.WriteLine($"unexpected verdict {verdict}");
            return -1;
        }

        // Issues only hands out no results: the rows it reports are the results it counted as accepted after every check.
        return mode == ValidationMode.Full ? rows : accepted;
    }

    private static async Task<Measurement> MeasureAsync(string name, int runs, Func<(string File, string[] Args)> command)
    {
        Measurement? best = null;
        long peak = 0;
        for (var i = 0; i < runs; i++)
        {
            var (file, args) = command();
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + file);
            var output = await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
            var error = await process.StandardError.ReadToEndAsync().ConfigureAwait(false);
            await process.WaitForExitAsync().ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{name} failed ({process.ExitCode}): {error}");
            }

            using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
            var cpu = json.RootElement.TryGetProperty("cpu_seconds", out var cpuElement) ? cpuElement.GetDouble() : double.NaN;
            var m = new Measurement(name, json.RootElement.GetProperty("seconds").GetDouble(), cpu, json.RootElement.GetProperty("rows").GetInt64(), json.RootElement.GetProperty("peak_bytes").GetInt64());
            peak = Math.Max(peak, m.PeakBytes);
            if (best is null || m.Seconds < best.Seconds)
            {
                best = m;
            }
        }

        return best! with { PeakBytes = peak };
    }

    private static async Task<(double Bare, double Ours, double IssuesOnly)> SteadyStateAsync(string path)
    {
        var (file, args) = Self("inproc", path);
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + file);
        var output = await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        return (json.RootElement.GetProperty("bare_seconds").GetDouble(), json.RootElement.GetProperty("validate_seconds").GetDouble(), json.RootElement.GetProperty("issues_only_seconds").GetDouble());
    }

    private static (string File, string[] Args) Self(string mode, string path)
    {
        var process = Environment.ProcessPath!;
        if (Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return (process, [typeof(ValidationSideBySide).Assembly.Location, "side-by-side", "validation", ChildFlag, mode, path]);
        }

        return (process, ["side-by-side", "validation", ChildFlag, mode, path]);
    }

    private static string? FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "peers", "validation_reference.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "peers", "validation_reference.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Console.WriteLine("tests/peers/validation_reference.py not found: the Python reference is left out.");
        return null;
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }

    /// <summary>One runner's best run: wall-clock and CPU seconds (CPU time is the fairer figure on a shared machine).</summary>
    private sealed record Measurement(string Name, double Seconds, double CpuSeconds, long Rows, long PeakBytes);
}
