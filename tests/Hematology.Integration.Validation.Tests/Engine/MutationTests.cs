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

                // Whatever the damage, material the profile marks as QC never becomes a patient result.
                Assert.DoesNotContain(outcome.Results, r => IsQcId(r.Specimen.Id) || IsQcId(r.Patient?.Id));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task FromJson_RandomlyMutatedProfile_ThrowsOnlyAnalyzerProfileExceptionAndAUsableOneValidates(int seed)
    {
        var random = new Random(seed);
        var sources = new[]
        {
            File.ReadAllText(PathOf("profiles/example-lab-profile.json")),
            AnalyzerProfiles.ToJson(GenericLong),
            AnalyzerProfiles.ToJson(SysmexWide),
            AnalyzerProfiles.ToJson(EuropeanLong),
        };
        var corpus = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Corpus"), "*.csv").Order(StringComparer.Ordinal).ToArray();
        var loaded = 0;
        for (var attempt = 0; attempt < 150; attempt++)
        {
            var json = MutateJson(sources[random.Next(sources.Length)], random);
            AnalyzerProfile profile;
            try
            {
                profile = AnalyzerProfiles.FromJson(json);
            }
            catch (AnalyzerProfileException ex)
            {
                Assert.NotEmpty(ex.Errors);
                continue;
            }

            loaded++;
            var outcome = await ValidateBytesAsync(File.ReadAllBytes(corpus[random.Next(corpus.Length)]), profile, seekable: random.Next(2) == 0);
            Assert.Equal(outcome.Summary.ResultsAccepted, outcome.Results.Count);
        }

        Assert.InRange(loaded, 1, 150);
    }

    private static bool IsQcId(string? id) => id is not null && id.StartsWith("QC", StringComparison.OrdinalIgnoreCase);

    /// <summary>Edits a profile's JSON where a lab's typo would: a value swapped for another of a different kind, a token cut, a character changed.</summary>
    private static string MutateJson(string json, Random random)
    {
        string[] replacements = ["null", "\"\"", "\";\"", "\",\"", "-1", "0", "1e400", "\"\\u0000\"", "[]", "{}", "true", "\"Mars/Olympus\"", "\"utf-32\"", "\"utf-7\"", "\"6690-3\"", "\"xx-NOPE\"", "\"QC\"", "\"\u00b5\""];
        var text = json;
        var edits = random.Next(1, 4);
        for (var i = 0; i < edits; i++)
        {
            var colons = Enumerable.Range(0, text.Length).Where(k => text[k] == ':').ToArray();
            switch (random.Next(3))
            {
                case 0 when colons.Length > 0:
                    // Replace a property's value (up to the next comma or closing bracket) with another token.
                    var at = colons[random.Next(colons.Length)] + 1;
                    var end = at;
                    var depth = 0;
                    var inString = false;
                    while (end < text.Length)
                    {
                        var c = text[end];
                        if (inString)
                        {
                            inString = c != '"' || text[end - 1] == '\\';
                        }
                        else if (c == '"')
                        {
                            inString = true;
                        }
                        else if (c is '[' or '{')
                        {
                            depth++;
                        }
                        else if (c is ']' or '}' && depth-- == 0)
                        {
                            break;
                        }
                        else if (c == ',' && depth == 0)
                        {
                            break;
                        }

                        end++;
                    }

                    text = string.Concat(text.AsSpan(0, at), " ", replacements[random.Next(replacements.Length)], text.AsSpan(end));
                    break;
                case 1:
                    text = text[..random.Next(text.Length)];
                    break;
                default:
                    var pos = random.Next(text.Length);
                    text = string.Concat(text.AsSpan(0, pos), ((char)random.Next(32, 127)).ToString(), text.AsSpan(pos + 1));
                    break;
            }
        }

        return text;
    }

    internal static byte[] Mutate(byte[] original, Random random)
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
