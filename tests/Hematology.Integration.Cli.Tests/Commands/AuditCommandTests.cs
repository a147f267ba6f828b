using Hematology.Integration.Testing;
using System.Text.Json;
using Hematology.Integration.Audit;

namespace Hematology.Integration.Cli.Tests.Commands;

public sealed class AuditCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AuditVerify_IntactTrail_PrintsVerifiedAndExitsZero()
    {
        var trail = await WriteTrailAsync(5);

        var run = await CliRunner.RunAsync("audit", "verify", "--trail", trail);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("5 entries verified", run.Output, StringComparison.Ordinal);
        Assert.Contains("VERIFIED", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_EditedEntry_NamesTheEntryAndExitsOne()
    {
        var trail = await WriteTrailAsync(5);
        var file = Directory.GetFiles(trail, "*.jsonl").Single();
        var lines = await File.ReadAllLinesAsync(file);
        lines[2] = lines[2].Replace("\"C3\"", "\"C9\"", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(file, lines);

        var run = await CliRunner.RunAsync("audit", "verify", "--trail", trail);

        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        Assert.Contains("BROKEN at entry 3", run.Output, StringComparison.Ordinal);
        Assert.Contains("FAILED", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_NoTrailGiven_ExitsWithUsage()
    {
        var run = await CliRunner.RunAsync("audit", "verify");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("No audit trail given", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_MissingFolder_ExitsNotFound()
    {
        var run = await CliRunner.RunAsync("audit", "verify", "--trail", _folder.Combine("missing"));

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
    }

    [Fact]
    public async Task AuditReport_Json_WritesTheSummaryOfTheDay()
    {
        var trail = await WriteTrailAsync(3);
        var output = _folder.Combine("report.json");
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var run = await CliRunner.RunAsync("audit", "report", "--trail", trail, "--from", today, "--format", "json", "-o", output);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
        Assert.Contains("Wrote the json report", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditReport_Html_IsASelfContainedPage()
    {
        var trail = await WriteTrailAsync(3);

        var run = await CliRunner.RunAsync("audit", "report", "--trail", trail);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("<html", run.Output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script src", run.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AuditReport_RangeReversed_ExitsWithUsage()
    {
        var trail = await WriteTrailAsync(1);

        var run = await CliRunner.RunAsync("audit", "report", "--trail", trail, "--from", "2026-12-02", "--to", "2026-12-01");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    private async Task<string> WriteTrailAsync(int count)
    {
        var directory = _folder.Combine("audit");
        await using var trail = await AuditTrail.OpenJsonLinesAsync(new JsonLinesAuditOptions { Directory = directory });
        for (var i = 1; i <= count; i++)
        {
            await trail.AppendAsync(new AuditEvent
            {
                Type = AuditEventTypes.MessageQueued,
                AnalyzerId = AnalyzerId.Create("xn-10"),
                ControlId = "C" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                MessageType = "ORU^R01",
            });
        }

        return directory;
    }
}
