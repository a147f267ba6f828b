using System.Security.Cryptography;
using System.Text;
using Hematology.Integration.Testing;

namespace Hematology.Integration.Audit.Tests;

internal static class Events
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);

    public static AuditEvent Numbered(int i) => new()
    {
        Type = AuditEventTypes.MessageQueued,
        AnalyzerId = AnalyzerId.Create("xn-1000-lab1"),
        ControlId = "C" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture),
        MessageType = "ORU^R01",
        Details = new Dictionary<string, string>(StringComparer.Ordinal) { ["results"] = "21" },
    };

    public static JsonLinesAuditOptions JsonOptions(string directory, bool flush = false) => new() { Directory = directory, FlushToDisk = flush };

    /// <summary>Opens a JSON Lines trail on a fake clock, appends <paramref name="count"/> events one by one (a minute apart) and closes it.</summary>
    public static async Task<List<AuditEntry>> WriteJsonTrailAsync(string directory, int count, FakeTimeProvider? clock = null, TimeSpan? step = null)
    {
        clock ??= new FakeTimeProvider(Start);
        var entries = new List<AuditEntry>();
        await using var trail = await AuditTrail.OpenJsonLinesAsync(JsonOptions(directory), timeProvider: clock);
        for (var i = 1; i <= count; i++)
        {
            entries.Add(await trail.AppendAsync(Numbered(i)));
            clock.Advance(step ?? TimeSpan.FromMinutes(1));
        }

        return entries;
    }

    /// <summary>Recomputes a line's hash after an edit, as a forger who knows the format would.</summary>
    public static string Rehash(string line)
    {
        var body = line[..line.LastIndexOf(",\"hash\":\"", StringComparison.Ordinal)];
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        return body + ",\"hash\":\"" + hash + "\"}";
    }

    public static async Task<AuditVerificationReport> VerifyJsonAsync(string directory, AuditVerifierOptions? options = null) =>
        await AuditTrail.CreateVerifier(options ?? new AuditVerifierOptions { VerifyArtifacts = false }).VerifyAsync(AuditTrail.ReadJsonLines(directory));

    public static string SingleDayFile(string directory) => Assert.Single(Directory.GetFiles(directory, "audit-*.jsonl"));
}
