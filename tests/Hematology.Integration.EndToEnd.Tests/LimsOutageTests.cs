using Hematology.Integration.EndToEnd.Tests.Infrastructure;
using Hematology.Integration.Spool;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hematology.Integration.EndToEnd.Tests;

/// <summary>The LIMS down at start, then up; ACK timeouts until the emergency pause, then an operator's resume and the drain.</summary>
public sealed class LimsOutageTests : IDisposable
{
    private readonly Scenario _scenario = new();

    public void Dispose() => _scenario.Dispose();

    [Fact]
    public async Task Pipeline_LimsDownAtStartThenUp_MessagesWaitInTheOutboxAndArriveInOrder()
    {
        var files = Exports.Drop(_scenario.DropFolder, Enumerable.Range(1, 4).Select(i => Exports.Valid(i)));
        var expected = files.SelectMany(f => Exports.ControlIds(f.Content, 2)).ToList();

        await using (var pipeline = await PipelineUnderTest.StartAsync(_scenario.Configure()))
        {
            // Every file is settled into the outbox while nobody listens.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (pipeline.Monitor.GetSnapshot() is { FilesSettled: < 4 } && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            var waiting = pipeline.Monitor.GetSnapshot();
            Assert.True(waiting is { FilesSettled: 4, OutboxDepth: 8, MessagesQuarantined: 0 }, waiting + "\n" + pipeline.Logs.Text(Microsoft.Extensions.Logging.LogLevel.Information));
            await Task.Delay(TimeSpan.FromSeconds(1)); // a few failed connection attempts
            Assert.True(Directory.EnumerateFiles(_scenario.SpoolPath("outbox/lims"), "*.hl7").Count() == 8, pipeline.Logs.Text(Microsoft.Extensions.Logging.LogLevel.Information));

            await using var lims = await _scenario.StartLimsAsync();
            await pipeline.WaitForIdleAsync(TimeSpan.FromSeconds(90));
            Assert.Equal(8, pipeline.Monitor.GetSnapshot().MessagesDelivered);
        }

        Assert.Equal(expected, _scenario.ReceivedControlIds());
        Assert.Empty(_scenario.QuarantineItems(QuarantineReasons.AckTimeout));
    }

    [Fact]
    public async Task Pipeline_AckTimeoutsUntilPause_OperatorResumesAndTheQueueDrains()
    {
        _scenario.AckTimeout = TimeSpan.FromMilliseconds(400);
        var files = Exports.Drop(_scenario.DropFolder, Enumerable.Range(1, 3).Select(i => Exports.Valid(i)));
        var expected = files.SelectMany(f => Exports.ControlIds(f.Content, 2)).ToList();
        var configure = _scenario.Configure(o =>
        {
            o.Resilience.Pause.ConsecutiveAckTimeouts = 3;
            o.Resilience.Pause.AckTimeoutWindow = TimeSpan.FromSeconds(60);
            o.Resilience.CircuitBreaker.FailureThreshold = 50;
        });

        await using (var pipeline = await PipelineUnderTest.StartAsync(configure))
        {
            var health = pipeline.Services.GetRequiredService<HealthCheckService>();
            await using (var silent = await _scenario.StartLimsAsync("noreply"))
            {
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (!pipeline.Monitor.GetSnapshot().Paused && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(50);
                }

                var paused = pipeline.Monitor.GetSnapshot();
                Assert.True(paused.Paused, "the emergency pause did not trigger");
                Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync()).Status);

                // While paused nothing is sent: the silent LIMS saw only the first message (sent, then retried twice).
                await Task.Delay(TimeSpan.FromSeconds(1));
                Assert.Equal([expected[0], expected[0], expected[0]], _scenario.ReceivedControlIds());
                Assert.True(pipeline.Monitor.GetSnapshot().Paused);
            }

            // The in-flight message was drained to quarantine/ack_timeout/; the others wait in the outbox.
            var drained = Assert.Single(_scenario.QuarantineItems(QuarantineReasons.AckTimeout));
            Assert.Contains(expected[0], drained, StringComparison.Ordinal);

            await using var lims = await _scenario.StartLimsAsync();
            await Assert.ThrowsAsync<ArgumentException>(async () => await pipeline.Control.ResumeAsync("", "", CancellationToken.None));
            var status = await pipeline.Control.ResumeAsync("e2e-operator", "LIMS interface restarted", CancellationToken.None);
            Assert.False(status.Paused);
            var entry = (await pipeline.Control.GetStatusAsync(CancellationToken.None)).QuarantineCount;
            Assert.Equal(1, entry);
            await pipeline.Control.RequeueAsync("ack_timeout/" + Path.GetFileName(drained), "e2e-operator", "LIMS back", CancellationToken.None);
            await pipeline.WaitForIdleAsync(TimeSpan.FromSeconds(90));
            Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);
        }

        // After the resume: the waiting messages in order, then the requeued one with its original MSH-10.
        Assert.Equal([.. expected.Skip(1), expected[0]], _scenario.ReceivedControlIds().Skip(3));
        var audit = await PipelineUnderTest.ReadAuditAsync(configure.Options(_scenario));
        Assert.Contains(audit, e => e.Event.Type == "pause.triggered");
        Assert.Contains(audit, e => e.Event.Type == "pause.cleared" && e.Event.Operator == "e2e-operator" && e.Event.Reason == "LIMS interface restarted");
        Assert.Contains(audit, e => e.Event.Type == "message.requeued" && e.Event.Operator == "e2e-operator" && e.Event.ControlId == expected[0]);
        var report = await PipelineUnderTest.VerifyAuditAsync(configure.Options(_scenario));
        Assert.True(report.IsValid, report.ChainBreak?.Message ?? string.Join("; ", report.ArtifactProblems));
    }
}
