using BenchmarkDotNet.Attributes;
using CsvHelper;
using Hematology.Integration.Validation;
using Hematology.Integration.Validation.Profiles;

namespace Hematology.Integration.Benchmarks.Validation;

/// <summary>Validating a 16 MB generic-long export against the bare CsvHelper read it is built on (the baseline).</summary>
[MemoryDiagnoser]
public class ValidationBenchmarks
{
    private readonly IResultFileValidator validator = ResultFileValidatorFactory.Create();
    private readonly AnalyzerProfile profile = AnalyzerProfiles.GenericLong("Europe/Berlin");
    private string path = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        path = Path.Combine(LocalWorkFolder.Get("validation"), "hematology-validation-16mb.csv");
        ValidationExport.Ensure(path, 16L * 1024 * 1024);
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(path);

    [Benchmark(Baseline = true)]
    public decimal BareCsvHelperRead()
    {
        using var reader = CsvReader.FromFile(path, CsvReaderOptions.Default with { Separator = ',' });
        decimal sum = 0;
        long length = 0;
        while (reader.Read())
        {
            length += reader.GetString(0).Length + reader.GetString(2).Length + reader.GetString(4).Length;
            sum += reader.Parse<decimal>(3);
        }

        return sum + length;
    }

    [Benchmark]
    public async Task<long> Validate()
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        long results = 0;
        await foreach (var item in validator.ValidateAsync(stream, AnalyzerId.Create("bench"), profile))
        {
            if (item is ResultAccepted)
            {
                results++;
            }
        }

        return results;
    }
}
