using Hematology.Integration.EndToEnd.Tests.Infrastructure;
using Hematology.Integration.Monitoring;
using Hematology.Integration.Validation;
using Microsoft.Extensions.Logging;

namespace Hematology.Integration.EndToEnd.Tests;

/// <summary>Drop folder → real host → python3-hl7 LIMS: every valid result arrives once, in order, with its expected MSH-10.</summary>
public sealed class HappyPathTests : IDisposable
{
    private readonly Scenario _scenario = new();

    public void Dispose() => _scenario.Dispose();

    [Fact]
    public async Task Pipeline_ValidExports_EveryMessageArrivesOnceInOrderWithItsControlId()
    {
        var files = Exports.Drop(_scenario.DropFolder, Enumerable.Range(1, 12).Select(i => Exports.Valid(i, specimens: 3)));
        var expected = files.SelectMany(f => Exports.ControlIds(f.Content, 3)).ToList();
        await using var lims = await _scenario.StartLimsAsync();
        IReadOnlyList<PipelineActivity> settled;

        await using (var pipeline = await PipelineUnderTest.StartAsync(_scenario.Configure()))
        {
            await pipeline.WaitForIdleAsync(TimeSpan.FromSeconds(90));
            var snapshot = pipeline.Monitor.GetSnapshot();
            settled = await pipeline.ActivitiesAsync(a => a.OfType<MessageSettled>().Count() >= 36, TimeSpan.FromSeconds(10));

            Assert.Equal(12, snapshot.FilesAccepted);
            Assert.Equal(36, snapshot.MessagesDelivered);
            Assert.Equal(0, snapshot.MessagesQuarantined);
            Assert.Equal(180, snapshot.ResultsAccepted);
            Assert.Equal(0, snapshot.OutboxDepth);

            // Nothing in the logs carries a patient or specimen id.
            Assert.DoesNotContain(pipeline.Logs.Entries, e => e.Message.Contains("MRN", StringComparison.Ordinal) || e.Message.Contains("S0001", StringComparison.Ordinal));
            Assert.DoesNotContain(pipeline.Logs.Entries, e => e.Level >= LogLevel.Error);
        }

        Assert.Equal(expected, _scenario.ReceivedControlIds());
        Assert.Empty(Directory.EnumerateFiles(_scenario.DropFolder));
        Assert.Equal(12, settled.OfType<FileSettled>().Count(f => f.Verdict == FileVerdict.Accepted));
        Assert.Equal(expected.Order(StringComparer.Ordinal), settled.OfType<MessageSettled>().Where(m => m.Disposition == MessageDisposition.Delivered).Select(m => m.ControlId).Order(StringComparer.Ordinal));

        var report = await PipelineUnderTest.VerifyAuditAsync(_scenario.Configure().Options(_scenario));
        Assert.True(report.IsValid, report.ChainBreak?.Message ?? string.Join("; ", report.ArtifactProblems));
        Assert.Equal(12, report.ArtifactsChecked);
        var audit = await PipelineUnderTest.ReadAuditAsync(_scenario.Configure().Options(_scenario));
        Assert.Equal(12, audit.Count(e => e.Event.Type == "file.acquired"));
        Assert.Equal(12, audit.Count(e => e.Event.Type == "file.removed"));
        Assert.Equal(36, audit.Count(e => e.Event.Type == "ack.received"));
        Assert.DoesNotContain(audit, e => System.Text.Json.JsonSerializer.Serialize(e).Contains("MRN", StringComparison.Ordinal));
    }
}
