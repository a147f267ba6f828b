using Hematology.Integration.EndToEnd.Tests.Infrastructure;
using Hematology.Integration.Monitoring;
using Hematology.Integration.Spool;

namespace Hematology.Integration.EndToEnd.Tests;

/// <summary>AE is retried then quarantined, AR is quarantined at once; the queue moves on in order.</summary>
public sealed class AckHandlingTests : IDisposable
{
    private readonly Scenario _scenario = new();

    public void Dispose() => _scenario.Dispose();

    [Fact]
    public async Task Pipeline_LimsRejectsEveryMessage_EachIsQuarantinedOnceWithoutRetry()
    {
        var files = Exports.Drop(_scenario.DropFolder, [Exports.Valid(1), Exports.Valid(2)]);
        var expected = files.SelectMany(f => Exports.ControlIds(f.Content, 2)).ToList();
        await using var lims = await _scenario.StartLimsAsync("ar");
        var configure = _scenario.Configure(o => o.Audit.Store = AuditStoreKind.Sqlite);

        await using (var pipeline = await PipelineUnderTest.StartAsync(configure))
        {
            await pipeline.WaitForIdleAsync(TimeSpan.FromSeconds(90));
            Assert.Equal(4, pipeline.Monitor.GetSnapshot().MessagesQuarantined);
        }

        // The SQLite trail (refusing UPDATE and DELETE) holds the same chained events.
        Assert.True(File.Exists(_scenario.SpoolPath("audit.db")));
        var report = await PipelineUnderTest.VerifyAuditAsync(configure.Options(_scenario));
        Assert.True(report.IsValid, report.ChainBreak?.Message);
        var audit = await PipelineUnderTest.ReadAuditAsync(configure.Options(_scenario));
        Assert.Equal(4, audit.Count(e => e.Event.Type == "message.quarantined" && e.Event.AckStatus == "AR"));

        Assert.Equal(expected, _scenario.ReceivedControlIds()); // AR: no retry, order kept
        var quarantined = _scenario.QuarantineItems(QuarantineReasons.Rejected);
        Assert.Equal(4, quarantined.Count);
        Assert.All(quarantined, q =>
        {
            using var reason = System.Text.Json.JsonDocument.Parse(File.ReadAllText(q + ".reason.json"));
            Assert.Equal("AR", reason.RootElement.GetProperty("code").GetString());
        });
    }

    [Fact]
    public async Task Pipeline_LimsAnswersAeToEverySecondMessage_AeIsRetriedAndTheOthersAreDelivered()
    {
        // The receiver answers AE to every second message it gets: a retried AE message is answered AA next time.
        var files = Exports.Drop(_scenario.DropFolder, [Exports.Valid(1, specimens: 3)]);
        var expected = Exports.ControlIds(files[0].Content, 3);
        await using var lims = await _scenario.StartLimsAsync("ae", faultEvery: 2);
        IReadOnlyList<MessageSettled> settled;

        await using (var pipeline = await PipelineUnderTest.StartAsync(_scenario.Configure()))
        {
            await pipeline.WaitForIdleAsync(TimeSpan.FromSeconds(90));
            settled = (await pipeline.ActivitiesAsync(a => a.OfType<MessageSettled>().Count() >= 3, TimeSpan.FromSeconds(10))).OfType<MessageSettled>().ToList();
        }

        // #1 AA; #2 AE → resent as #3 AA; #4 (message 3) AE → resent as #5 AA.
        Assert.Equal([expected[0], expected[1], expected[1], expected[2], expected[2]], _scenario.ReceivedControlIds());
        Assert.All(settled, m => Assert.Equal(MessageDisposition.Delivered, m.Disposition));
        Assert.Equal([1, 2, 2], settled.Select(m => m.Attempts));
        Assert.Empty(_scenario.QuarantineItems(QuarantineReasons.ApplicationError));
    }

    [Fact]
    public async Task Pipeline_LimsAlwaysAnswersAe_MessageIsQuarantinedAfterItsRetries()
    {
        var files = Exports.Drop(_scenario.DropFolder, [Exports.Valid(1, specimens: 1)]);
        var expected = Exports.ControlIds(files[0].Content, 1)[0];
        await using var lims = await _scenario.StartLimsAsync("ae");

        await using (var pipeline = await PipelineUnderTest.StartAsync(_scenario.Configure(o => o.Resilience.Delivery.ApplicationErrorRetries = 2)))
        {
            await pipeline.WaitForIdleAsync(TimeSpan.FromSeconds(90));
        }

        Assert.Equal([expected, expected, expected], _scenario.ReceivedControlIds());
        var item = Assert.Single(_scenario.QuarantineItems(QuarantineReasons.ApplicationError));
        Assert.Contains(expected, item, StringComparison.Ordinal);
    }
}
