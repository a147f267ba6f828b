using System.Diagnostics;
using System.Globalization;
using CsvHelper;
using Hematology.Integration.Validation;
using Hematology.Integration.Validation.Profiles;

namespace Hematology.Integration.Benchmarks.Validation;

/// <summary>
/// Where the time between a bare CsvHelper read and a full validation goes: the same file read with the validator's
/// reader options, then asynchronously, then touching every field, then the whole validation. In one process, JIT
/// warmed, best of three each.
/// </summary>
internal static class ValidationBreakdown
{
    public static async Task<int> RunAsync(string path)
    {
        var steps = new (string Name, Func<Task<long>> Run)[]
        {
            ("1 bare read (defaults, sync, 3 strings + 1 decimal)", () => Task.FromResult(Bare(path, CsvReaderOptions.Default with { Separator = ',' }))),
            ("2a + TrackLineNumbers only", () => Task.FromResult(Bare(path, CsvReaderOptions.Default with { Separator = ',', HasHeader = false, TrackLineNumbers = true }))),
            ("2b + OnMalformedRecord only", () => Task.FromResult(Bare(path, CsvReaderOptions.Default with { Separator = ',', HasHeader = false, OnMalformedRecord = _ => { } }))),
            ("2 + the validator's reader options", () => Task.FromResult(Bare(path, ValidatorLikeOptions()))),
            ("3 + ReadAsync per row from a FileStream", () => BareAsync(path, touchAll: false)),
            ("4 + every field as bytes, decimal, line, raw copy", () => BareAsync(path, touchAll: true)),
            ("4b + a LabResult and its event per row (no checks)", () => BareAsync(path, touchAll: true, buildResults: true)),
            ("5 full validation (events consumed)", () => ValidateAsync(path, ValidationMode.Full)),
            ("5b issues only (every check, no result objects)", () => ValidateAsync(path, ValidationMode.IssuesOnly)),
        };
        Console.WriteLine($"{"step",-52} {"best s",8} {"rows",12}");
        foreach (var (name, run) in steps)
        {
            var best = double.MaxValue;
            long rows = 0;
            for (var i = 0; i < 3; i++)
            {
                var stopwatch = Stopwatch.StartNew();
                rows = await run().ConfigureAwait(false);
                best = Math.Min(best, stopwatch.Elapsed.TotalSeconds);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-52} {best,8:F3} {rows,12:N0}"));
        }

        return 0;
    }

    internal static CsvReaderOptions ValidatorLikeOptions() => CsvReaderOptions.Default with
    {
        Separator = ',',
        HasHeader = false,
        Mode = CsvMode.Rfc4180,
        AllowLineBreaksInQuotes = true,
        SkipEmptyLines = true,
        TrackLineNumbers = true,
        IncludeValuesInExceptions = false,
        MalformedData = CsvMalformedDataHandling.Recover,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        MissingField = CsvMissingFieldHandling.ReturnEmpty,
        OnMalformedRecord = _ => { },
        DetectSeparatorHint = false,
        MaxRecordSize = 1024 * 1024,
        BufferSize = 128 * 1024,
    };

    private static long Bare(string path, CsvReaderOptions options)
    {
        using var reader = CsvReader.FromFile(path, options);
        decimal sum = 0;
        long length = 0;
        long rows = 0;
        while (reader.Read())
        {
            if (rows++ == 0 && !options.HasHeader)
            {
                continue;
            }

            length += reader.GetString(0).Length + reader.GetString(2).Length + reader.GetString(4).Length;
            sum += reader.Parse<decimal>(3);
        }

        GC.KeepAlive(sum + length);
        return options.HasHeader ? rows : rows - 1;
    }

    private static async Task<long> BareAsync(string path, bool touchAll, bool buildResults = false)
    {
        var analyzer = AnalyzerId.Create("bench");
        var specimen = new Specimen { Id = "S1" };
        var events = new Queue<ValidationEvent>();
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan);
        await using var reader = CsvReader.Create(stream, ValidatorLikeOptions(), leaveOpen: true);
        decimal sum = 0;
        long length = 0;
        long rows = 0;
        var raw = new byte[256];
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            if (rows++ == 0)
            {
                continue;
            }

            if (touchAll)
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    length += reader.GetSpan(i).Trim(" \t"u8).Length;
                }

                _ = decimal.TryParse(reader.GetSpan(3), NumberStyles.Number, CultureInfo.InvariantCulture, out var value);
                sum += value;
                length += reader.LineNumber;
                var record = reader.RawRecord;
                if (record.Length <= raw.Length)
                {
                    record.CopyTo(raw);
                }

                if (buildResults)
                {
                    // What every accepted result costs at least: the result object, its value, the source text and the event.
                    events.Enqueue(new ResultAccepted(new LabResult
                    {
                        AnalyzerId = analyzer,
                        Specimen = specimen,
                        LocalCode = "WBC",
                        Value = ResultValue.Numeric(value),
                        Units = "10*3/uL",
                        SourceValue = reader.GetString(3),
                        SourceRow = rows,
                    }));
                    if (events.Count > 512)
                    {
                        events.Clear();
                    }
                }
            }
            else
            {
                length += reader.GetString(0).Length + reader.GetString(2).Length + reader.GetString(4).Length;
                sum += reader.Parse<decimal>(3);
            }
        }

        GC.KeepAlive(sum + length);
        return rows - 1;
    }

    private static async Task<long> ValidateAsync(string path, ValidationMode mode)
    {
        var validator = ResultFileValidatorFactory.Create(new ResultFileValidatorOptions { MaxDuration = TimeSpan.FromHours(1) });
        var profile = AnalyzerProfiles.GenericLong("Europe/Berlin");
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan);
        long rows = 0;
        await foreach (var item in validator.ValidateAsync(stream, AnalyzerId.Create("bench"), profile, mode).ConfigureAwait(false))
        {
            if (item is ResultAccepted)
            {
                rows++;
            }
            else if (item is ValidationCompleted completed && mode == ValidationMode.IssuesOnly)
            {
                rows = completed.Summary.ResultsAccepted;
            }
        }

        return rows;
    }
}
