using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Hematology.Integration.EndToEnd.Tests.Infrastructure;
using Hematology.Integration.Testing.Peers;
using Microsoft.Extensions.Configuration;
using Xunit.Abstractions;

namespace Hematology.Integration.EndToEnd.Tests;

/// <summary>
/// <c>kill -9</c> of a host process at random moments during a run of hundreds of files, restarted until done:
/// nothing lost, every message's MSH-10 identical across resends, the audit chain valid.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output) : IDisposable
{
    private const int Files = 200;
    private readonly Scenario _scenario = new();

    public void Dispose() => _scenario.Dispose();

    [Fact]
    public async Task Host_KilledAtRandomMomentsAndRestarted_NothingLostNothingDuplicatedButIdenticalResends()
    {
        var seed = Environment.TickCount;
        output.WriteLine("seed " + seed.ToString(CultureInfo.InvariantCulture));
        var random = new Random(seed);
        var files = Exports.Drop(_scenario.DropFolder, Enumerable.Range(1, Files).Select(i => Exports.Valid(i, specimens: 1)));
        var expected = files.SelectMany(f => Exports.ControlIds(f.Content, 1)).ToHashSet(StringComparer.Ordinal);
        var config = WriteConfig();
        await using var lims = await _scenario.StartLimsAsync();

        // Each run is killed at a random moment after it has started to make progress (files taken or messages
        // acknowledged), so kills land during acquisition, processing and delivery rather than during start-up.
        var kills = 0;
        for (var run = 0; run < 8 && !Done(expected); run++)
        {
            var before = Progress();
            await using var host = await HostProcess.StartAsync(config);
            var started = DateTime.UtcNow;
            while (Progress() == before && DateTime.UtcNow - started < TimeSpan.FromSeconds(30) && !host.HasExited)
            {
                await Task.Delay(20);
            }

            await Task.Delay(random.Next(0, 1200));
            host.Kill();
            kills++;
            output.WriteLine($"run {run}: killed after {(DateTime.UtcNow - started).TotalMilliseconds:0} ms; {Progress()} progress ({Lims.ControlIds(_scenario.RecordFile).Distinct().Count()} distinct messages received)");
        }

        await using (var host = await HostProcess.StartAsync(config))
        {
            var deadline = DateTime.UtcNow.AddMinutes(4);
            while (!Done(expected) && DateTime.UtcNow < deadline && !host.HasExited)
            {
                await Task.Delay(200);
            }

            Assert.True(Done(expected), $"not done after the final run ({kills} kills): {Lims.ControlIds(_scenario.RecordFile).Distinct().Count()} of {expected.Count} received\n{host.Output}");
            await host.StopAsync();
        }

        // Nothing lost, nothing foreign, and every resend identical to the first copy (same MSH-10, same bytes).
        var received = Lims.Received(_scenario.RecordFile);
        var byId = received.GroupBy(Lims.ControlIdOf, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        Assert.Equal(expected.Order(StringComparer.Ordinal), byId.Keys.Order(StringComparer.Ordinal));
        Assert.All(byId.Values, copies => Assert.All(copies, c => Assert.Equal(copies[0], c)));
        output.WriteLine($"{kills} kills, {received.Count} messages received for {expected.Count} expected ({received.Count - expected.Count} identical resends)");

        // The spool agrees: every message sent exactly once into sent/, nothing quarantined, nothing left behind.
        var sent = Directory.EnumerateFiles(_scenario.SpoolPath("sent"), "*.hl7", SearchOption.AllDirectories).Select(f => Path.GetFileNameWithoutExtension(f)[13..]).ToList();
        var missing = expected.Except(sent).ToList();
        Assert.True(missing.Count == 0 && sent.Count == expected.Count, $"sent/ holds {sent.Count}; missing {string.Join(", ", missing)}; found as: "
            + string.Join("; ", Directory.EnumerateFiles(_scenario.SpoolDirectory, "*", SearchOption.AllDirectories).Where(f => missing.Any(m => f.Contains(m, StringComparison.Ordinal))))
            + "; duplicates: " + string.Join(", ", sent.GroupBy(x => x, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key)));
        Assert.Empty(Directory.EnumerateFiles(_scenario.SpoolPath("quarantine"), "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(_scenario.DropFolder, "*", SearchOption.AllDirectories));

        var options = HematologyConfiguration.Bind(new ConfigurationBuilder().AddJsonFile(config).Build());
        var report = await PipelineUnderTest.VerifyAuditAsync(options);
        Assert.True(report.IsValid, report.ChainBreak?.Message ?? string.Join("; ", report.ArtifactProblems));
        var audit = await PipelineUnderTest.ReadAuditAsync(options);
        Assert.Equal(expected.Order(StringComparer.Ordinal), audit.Where(e => e.Event.Type == "ack.received").Select(e => e.Event.ControlId!).Distinct().Order(StringComparer.Ordinal));
    }

    private int Progress() =>
        (Files - Directory.EnumerateFiles(_scenario.DropFolder, "*", SearchOption.AllDirectories).Count()) + Lims.ControlIds(_scenario.RecordFile).Count;

    private bool Done(HashSet<string> expected) =>
        Lims.ControlIds(_scenario.RecordFile).ToHashSet(StringComparer.Ordinal).IsSupersetOf(expected)
        && !Directory.EnumerateFiles(_scenario.DropFolder, "*", SearchOption.AllDirectories).Any()
        && (!Directory.Exists(_scenario.SpoolPath("outbox")) || !Directory.EnumerateFiles(_scenario.SpoolPath("outbox"), "*.hl7", SearchOption.AllDirectories).Any())
        && (!Directory.Exists(_scenario.SpoolPath("acquired")) || !Directory.EnumerateFiles(_scenario.SpoolPath("acquired"), "*", SearchOption.AllDirectories).Any());

    private string WriteConfig()
    {
        var path = Path.Combine(_scenario.Root, "hematology.json");
        var json = new
        {
            Hematology = new
            {
                _scenario.SpoolDirectory,
                ControlChannel = false,
                Analyzers = new[]
                {
                    new { Id = "xn-1", PollInterval = "00:00:00.150", StabilityWindow = "00:00:00.100", Source = new { Kind = "LocalFolder", Path = _scenario.DropFolder } },
                },
                Destinations = new[] { new { Name = "lims", Host = "127.0.0.1", Port = _scenario.LimsPort, AckTimeout = "00:00:05" } },
                Resilience = new
                {
                    Delivery = new { RetryBaseDelay = "00:00:00.050", ConnectionRetryBaseDelay = "00:00:00.100", MaxConnectionRetryDelay = "00:00:00.500" },
                    Pause = new { MaxOutboxDepth = 0, AckLatencyThreshold = "00:00:00" },
                    SchedulingLag = new { Enabled = false },
                },
            },
        };
        File.WriteAllText(path, JsonSerializer.Serialize(json));
        return path;
    }

    /// <summary>The test-only host executable, run as its own process so it can be killed with SIGKILL.</summary>
    private sealed class HostProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private HostProcess(Process process) => _process = process;

        public bool HasExited => _process.HasExited;

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static Task<HostProcess> StartAsync(string config)
        {
            var dll = Path.Combine(AppContext.BaseDirectory.Replace("Hematology.Integration.EndToEnd.Tests", "Hematology.Integration.EndToEnd.Host", StringComparison.Ordinal), "Hematology.Integration.EndToEnd.Host.dll");
            Assert.True(File.Exists(dll), "the test host was not built: " + dll);
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add(dll);
            info.ArgumentList.Add(config);
            var process = Process.Start(info)!;
            var host = new HostProcess(process);
            process.OutputDataReceived += (_, e) => host.Append(e.Data);
            process.ErrorDataReceived += (_, e) => host.Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return Task.FromResult(host);
        }

        /// <summary>SIGKILL: no shutdown code runs.</summary>
        public void Kill()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }

        /// <summary>SIGTERM: a graceful stop.</summary>
        public async Task StopAsync()
        {
            if (!_process.HasExited)
            {
                await PeerTools.RunAsync("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                await _process.WaitForExitAsync(timeout.Token);
            }
        }

        public ValueTask DisposeAsync()
        {
            Kill();
            _process.Dispose();
            return ValueTask.CompletedTask;
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }
    }
}
