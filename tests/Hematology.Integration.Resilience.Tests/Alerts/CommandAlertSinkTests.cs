using System.Text.Json;
using Hematology.Integration.Resilience.Tests.Support;
using Hematology.Integration.Testing;

namespace Hematology.Integration.Resilience.Tests.Alerts;

public sealed class CommandAlertSinkTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("resilience-alert-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task AlertAsync_ShellCat_WritesAlertJsonFromStandardInput()
    {
        var file = Path.Combine(_directory, "alert.json");
        var sink = AlertSinks.Command("/bin/sh", ["-c", "cat > \"$0\"", file]);

        await sink.AlertAsync(new Alert(AlertSeverity.Critical, "Hematology integration paused", "201 unacknowledged messages queued") { Code = "pause.OutboxDepth" });

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        Assert.Equal("Critical", json.RootElement.GetProperty("severity").GetString());
        Assert.Equal("pause.OutboxDepth", json.RootElement.GetProperty("code").GetString());
        Assert.Equal("201 unacknowledged messages queued", json.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AlertAsync_NonZeroExit_ThrowsWithExitCode()
    {
        var sink = AlertSinks.Command("/bin/sh", ["-c", "cat > /dev/null; exit 3"]);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => sink.AlertAsync(new Alert(AlertSeverity.Warning, "t", "d")).AsTask());

        Assert.Contains("exited with code 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertAsync_CommandOutlivesTimeout_KilledAndTimeout()
    {
        var clock = new FakeTimeProvider();
        var marker = Path.Combine(_directory, "started");
        var sink = AlertSinks.Command("/bin/sh", ["-c", "touch \"$0\"; exec sleep 60", marker], TimeSpan.FromSeconds(2), clock);

        var sending = sink.AlertAsync(new Alert(AlertSeverity.Critical, "t", "d")).AsTask();
        Wait.Until(() => clock.PendingTimers > 0 && File.Exists(marker), "the command to start");
        clock.Advance(TimeSpan.FromSeconds(2));

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => sending.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("killed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertAsync_MissingExecutable_Throws()
    {
        var sink = AlertSinks.Command(Path.Combine(_directory, "no-such-command"));

        await Assert.ThrowsAnyAsync<Exception>(() => sink.AlertAsync(new Alert(AlertSeverity.Warning, "t", "d")).AsTask());
    }

    [Fact]
    public async Task AlertAsync_ThroughPauseWithComposite_CommandRunsOncePerPause()
    {
        var file = Path.Combine(_directory, "alerts.log");
        var composite = AlertSinks.Composite([AlertSinks.Command("/bin/sh", ["-c", "cat >> \"$0\"; echo >> \"$0\"", file])]);
        var clock = new FakeTimeProvider();
        using var pause = new EmergencyPause(new EmergencyPauseOptions(), composite, null, null, clock, new RecordingLogger());

        pause.ReportOutboxDepth(500);
        pause.ReportOutboxDepth(600);
        pause.ReportValidation(false);
        await pause.NotificationsIdle.WaitAsync(TimeSpan.FromSeconds(10));

        var lines = (await File.ReadAllLinesAsync(file)).Where(l => l.Length > 0).ToArray();
        var line = Assert.Single(lines);
        Assert.Contains("\"pause.OutboxDepth\"", line, StringComparison.Ordinal);
    }
}
