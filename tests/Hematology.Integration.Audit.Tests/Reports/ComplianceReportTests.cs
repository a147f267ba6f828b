using Hematology.Integration.Testing;

namespace Hematology.Integration.Audit.Tests.Reports;

public sealed class ComplianceReportTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 5, 0, 0, TimeSpan.Zero));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task SummarizeAsync_RealisticDay_CountsFilesMessagesAcksQuarantinesAndPauses()
    {
        var summary = await SummarizeAsync();

        Assert.Equal(new ComplianceFileCounts(Acquired: 3, Removed: 1, Validated: 3, Rejected: 1, Processed: 1, Results: 81, RowsQuarantined: 2), summary.Files);
        Assert.Equal(new ComplianceMessageCounts(Queued: 5, Acknowledged: 4, Retries: 2, Timeouts: 3, Quarantined: 2, Requeued: 1), summary.Messages);
        Assert.Equal([new ComplianceCount("AA", 4), new ComplianceCount("AR", 1), new ComplianceCount("AckTimeout", 1)], summary.AckOutcomes);
        Assert.Equal(new ComplianceLatency(4, 152.6, 310, 310), summary.AckLatency);
        Assert.Equal(1, summary.Quarantine.Files);
        Assert.Equal(1, summary.Quarantine.RowSets);
        Assert.Equal(2, summary.Quarantine.Messages);
        Assert.Equal(2, summary.Quarantine.Resolved);
        Assert.Equal(2, summary.Quarantine.Open);
        var pause = Assert.Single(summary.Pauses);
        Assert.Equal("m.jansen", pause.ClearedBy);
        Assert.Equal(25, pause.DurationMinutes);
        Assert.Equal(["pause.cleared", "message.requeued", "audit.verified"], summary.ManualActions.Select(m => m.Type));
        Assert.Equal(24, summary.Activity.Count);
        Assert.Equal(new ComplianceActivity("06:00", 1, 3, 0), summary.Activity[6]);
        Assert.Equal(new ComplianceActivity("07:00", 1, 1, 2), summary.Activity[7]);
    }

    [Fact]
    public async Task SummarizeAsync_ResolutionAfterThePeriod_StillCountsTheTimeToResolution()
    {
        var summary = await SummarizeAsync();

        // HX2-1: quarantined 07:18, requeued 07:50 (32 min); the rejected file: 09:30 to 08:00 next day (1350 min).
        Assert.Equal(691, summary.Quarantine.MedianResolutionMinutes);
        Assert.Equal(1350, summary.Quarantine.MaxResolutionMinutes);
    }

    [Fact]
    public async Task SummarizeAsync_TwoDayRange_BucketsPerDayAndIncludesTheSecondDay()
    {
        var summary = await SummarizeAsync(RealisticTrail.Day.AddDays(1));

        Assert.Equal(["2026-11-22", "2026-11-23"], summary.Activity.Select(a => a.Label));
        Assert.Equal(4, summary.ManualActions.Count);
        Assert.Equal(summary.Trail.LastSequence, summary.Trail.FirstSequence + summary.Trail.Entries - 1);
    }

    [Fact]
    public async Task ToJson_RealisticDay_MatchesTheApprovedSummary()
    {
        var summary = await SummarizeAsync(withVerification: true);

        Approval.Verify(ComplianceReport.ToJson(summary), "ComplianceSummary");
    }

    [Fact]
    public async Task ToHtml_RealisticDay_IsSelfContainedAndEncodesText()
    {
        var html = ComplianceReport.ToHtml(await SummarizeAsync(withVerification: true));

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;confirmed by phone&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Verified: the hash chain is intact", html, StringComparison.Ordinal);
        Assert.Contains("m.jansen", html, StringComparison.Ordinal);
        Assert.Contains("class=\"bar b2\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SummarizeAsync_ToBeforeFrom_Throws()
    {
        var reader = AuditTrail.ReadJsonLines(_folder.Path);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await ComplianceReport.SummarizeAsync(reader, RealisticTrail.Day, RealisticTrail.Day.AddDays(-1)));
    }

    private async Task<ComplianceSummary> SummarizeAsync(DateOnly? to = null, bool withVerification = false)
    {
        await using (var trail = await AuditTrail.OpenJsonLinesAsync(Events.JsonOptions(_folder.Path), timeProvider: _clock))
        {
            await RealisticTrail.WriteAsync(trail, _clock);
        }

        var reader = AuditTrail.ReadJsonLines(_folder.Path);
        var verification = withVerification
            ? await AuditTrail.CreateVerifier(new AuditVerifierOptions { VerifyArtifacts = false }, _clock).VerifyAsync(reader)
            : null;
        return await ComplianceReport.SummarizeAsync(reader, RealisticTrail.Day, to ?? RealisticTrail.Day, _clock, verification);
    }
}
