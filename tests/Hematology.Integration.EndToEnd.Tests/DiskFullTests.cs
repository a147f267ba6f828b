using Hematology.Integration.EndToEnd.Tests.Infrastructure;
using Hematology.Integration.Testing.Peers;
using Microsoft.Extensions.Logging;

namespace Hematology.Integration.EndToEnd.Tests;

/// <summary>A full spool disk stops the pipeline with a critical report instead of being swallowed; nothing is lost.</summary>
public sealed class DiskFullTests : IAsyncLifetime
{
    private readonly Scenario _scenario = new();

    public async Task InitializeAsync()
    {
        // A 96 KiB tmpfs as the spool (the tests run as root on CI, as the FTP peers do).
        Directory.CreateDirectory(_scenario.SpoolDirectory);
        var mount = await PeerTools.RunAsync("mount", ["-t", "tmpfs", "-o", "size=96k", "tmpfs", _scenario.SpoolDirectory]);
        Assert.True(mount.ExitCode == 0, "mounting a small tmpfs for the spool failed (needs root): " + mount.StandardError);
    }

    public async Task DisposeAsync()
    {
        await PeerTools.RunAsync("umount", ["-l", _scenario.SpoolDirectory]);
        _scenario.Dispose();
    }

    [Fact]
    public async Task Pipeline_SpoolDiskFull_StopsWithACriticalReportAndLosesNothing()
    {
        // One export of 40 specimens: its 40 messages (two files each in the outbox) cannot fit in 96 KiB.
        var files = Exports.Drop(_scenario.DropFolder, [Exports.Valid(1, specimens: 40, resultsPerSpecimen: 1)]);
        var expected = Exports.ControlIds(files[0].Content, 40);
        var configure = _scenario.Configure(o => o.Audit.Path = Path.Combine(_scenario.Root, "audit"));
        await using var lims = await _scenario.StartLimsAsync();

        await using (var pipeline = await PipelineUnderTest.StartAsync(configure))
        {
            var task = pipeline.PipelineTask!;
            var finished = await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(90)));
            Assert.Same(task, finished);
            var error = await Assert.ThrowsAnyAsync<IOException>(() => task);
            Assert.Contains("space", error.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(pipeline.Logs.Entries, e => e.Level == LogLevel.Critical && e.EventId.Id == 7051 && e.Exception is IOException);
            var idle = await Assert.ThrowsAsync<InvalidOperationException>(() => pipeline.Monitor.WaitForIdleAsync());
            Assert.IsAssignableFrom<IOException>(idle.InnerException);
        }

        // The export is durable in the spool (removed from the drop folder only once its copy was), never lost.
        Assert.Empty(Directory.EnumerateFiles(_scenario.DropFolder));
        Assert.Single(Directory.EnumerateFiles(_scenario.SpoolPath("acquired/xn-1")));

        // Space is freed; the next start recovers the spool and delivers everything once.
        var remount = await PeerTools.RunAsync("mount", ["-o", "remount,size=8m", _scenario.SpoolDirectory]);
        Assert.Equal(0, remount.ExitCode);
        await using (var pipeline = await PipelineUnderTest.StartAsync(configure))
        {
            await pipeline.WaitForIdleAsync(TimeSpan.FromSeconds(120));
        }

        var received = _scenario.ReceivedControlIds();
        Assert.Equal(expected.Order(StringComparer.Ordinal), received.Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(received.Count, received.Distinct().Count());
        var report = await PipelineUnderTest.VerifyAuditAsync(configure.Options(_scenario));
        Assert.True(report.IsValid, report.ChainBreak?.Message ?? string.Join("; ", report.ArtifactProblems));
    }
}
