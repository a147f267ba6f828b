using Hematology.Integration.Validation.Profiles;
using static Hematology.Integration.Validation.Tests.TestCorpus;

namespace Hematology.Integration.Validation.Tests.Engine;

public sealed class MutationTests
{
    private static readonly byte[] Noise = [(byte)',', (byte)';', (byte)'"', (byte)'\n', (byte)'\r', 0x00, 0xFF, 0xC3, 0xB5, 0x81, (byte)'>', (byte)'-', (byte)'^', (byte)'\t', 0xEF, 0xBB, 0xBF, 0xFE];

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (var seed = 1; seed <= 12; seed++)
        {
            data.Add(seed);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Validate_RandomlyMutatedCorpus_NeverThrowsAndAccountsForEveryRow(int seed)
    {
        var random = new Random(seed);
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Corpus"), "*.csv").Order(StringComparer.Ordinal).ToArray();
        AnalyzerProfile[] profiles = [GenericLong, SysmexWide, EuropeanLong];
        foreach (var file in files)
        {
            var bytes = Mutate(File.ReadAllBytes(file), random);
            foreach (var profile in profiles)
            {
                var seekable = random.Next(2) == 0;
                var outcome = await ValidateBytesAsync(bytes, profile, seekable);

                var accounted = outcome.Results.Select(r => r.SourceRow).Concat(outcome.SetAside.Select(r => r.Row)).Distinct().Count();
                Assert.True(accounted == outcome.Summary.DataRows, $"seed {seed}, {Path.GetFileName(file)}, {profile.Name}: {accounted} rows accounted of {outcome.Summary.DataRows}");
                Assert.Equal(outcome.Summary.ResultsAccepted, outcome.Results.Count);
                Assert.Equal(outcome.Summary.RowsRejected, outcome.SetAside.Count(r => r.Disposition == RowDisposition.Rejected));
                if (outcome.Summary.FileIssues.Any(i => i.Severity == IssueSeverity.Error))
                {
                    Assert.Equal(FileVerdict.Rejected, outcome.Verdict);
                }
            }
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        var edits = random.Next(1, 6);
        for (var i = 0; i < edits && bytes.Count > 0; i++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] = Noise[random.Next(Noise.Length)];
                    break;
                case 1:
                    bytes.Insert(at, Noise[random.Next(Noise.Length)]);
                    break;
                case 2:
                    bytes.RemoveAt(at);
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    bytes[at] = (byte)random.Next(256);
                    break;
            }
        }

        return [.. bytes];
    }
}
