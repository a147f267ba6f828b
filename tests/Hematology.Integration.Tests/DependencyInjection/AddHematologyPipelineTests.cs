using System.Buffers;
using System.Text;
using Hematology.Integration.Audit;
using Hematology.Integration.Hl7Mapping;
using Hematology.Integration.Control;
using Hematology.Integration.Monitoring;
using Hematology.Integration.Resilience;
using Hematology.Integration.Tests.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Hematology.Integration.Tests.DependencyInjection;

public sealed class AddHematologyPipelineTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("di-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Copy(HematologyOptions from, HematologyOptions to)
    {
        to.SpoolDirectory = _root;
        foreach (var a in from.Analyzers)
        {
            to.Analyzers.Add(a);
        }

        foreach (var d in from.Destinations)
        {
            to.Destinations.Add(d);
        }
    }

    [Fact]
    public void Diagnostics_TheMllpReceiversMeter_IsThePipelinesMeter()
    {
        // One AddMeter("Hematology.Integration") must collect the pipeline's and the MLLP receiver's instruments alike.
        Assert.Equal(Hematology.Integration.Diagnostics.HematologyDiagnostics.MeterName, Hematology.Integration.Mllp.MllpDiagnostics.MeterName);
        Assert.Equal(Hematology.Integration.Diagnostics.HematologyDiagnostics.OutcomeTag, Hematology.Integration.Mllp.MllpDiagnostics.OutcomeTag);
    }

    [Fact]
    public async Task Start_InvalidOptions_FailsWithEveryErrorAtOnce()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddHematologyPipeline(o =>
        {
            o.Analyzers.Add(new AnalyzerOptions { Id = "../x", Profile = "nope" });
        });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(error.Failures, f => f.Contains("Analyzers:0:Id", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Profile 'nope'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Destinations must list", StringComparison.Ordinal));
    }

    [Fact]
    public void FromConfiguration_Hl7Section_SetsTheHeaderOfTheMessagesTheLimsReceives()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hematology:SpoolDirectory"] = _root,
            ["Hematology:Hl7:SendingApplication"] = "HEMA^2.16.840.1.113883.3.9999.1^ISO",
            ["Hematology:Hl7:SendingFacility"] = "CORELAB",
            ["Hematology:Hl7:ReceivingApplication"] = "LIMS",
            ["Hematology:Hl7:ReceivingFacility"] = "GENHOSP",
            ["Hematology:Hl7:ProcessingId"] = "T",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHematologyPipeline(configuration);
        using var provider = services.BuildServiceProvider();

        var output = new ArrayBufferWriter<byte>();
        provider.GetRequiredService<IOruBuilder>().Write(output, Report(), "CTRL1");
        var msh = Encoding.UTF8.GetString(output.WrittenSpan).Split('\r')[0].Split('|');

        Assert.Equal("HEMA^2.16.840.1.113883.3.9999.1^ISO", msh[2]);
        Assert.Equal("CORELAB", msh[3]);
        Assert.Equal("LIMS", msh[4]);
        Assert.Equal("GENHOSP", msh[5]);
        Assert.Equal("CTRL1", msh[9]);
        Assert.Equal("T", msh[10]);
    }

    [Fact]
    public async Task FromConfiguration_InvalidHl7Section_FailsAtStart()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hematology:SpoolDirectory"] = _root,
            ["Hematology:Analyzers:0:Id"] = "xn-1",
            ["Hematology:Analyzers:0:Profile"] = "generic-long",
            ["Hematology:Analyzers:0:Source:Kind"] = "LocalFolder",
            ["Hematology:Analyzers:0:Source:Path"] = _root,
            ["Hematology:Analyzers:0:Destinations:0"] = "lims",
            ["Hematology:Destinations:0:Name"] = "lims",
            ["Hematology:Destinations:0:Host"] = "127.0.0.1",
            ["Hematology:Destinations:0:Port"] = "6661",
            ["Hematology:Hl7:ProcessingId"] = "X",
        }).Build();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddHematologyPipeline(configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(error.Failures, f => f.Contains("ProcessingId", StringComparison.Ordinal));
    }

    private static SpecimenReport Report()
    {
        var analyzer = AnalyzerId.Create("xn-1");
        var specimen = new Specimen { Id = "S1" };
        return new SpecimenReport
        {
            AnalyzerId = analyzer,
            Specimen = specimen,
            Results =
            [
                new LabResult { AnalyzerId = analyzer, Specimen = specimen, LocalCode = "WBC", Value = ResultValue.Numeric(7.4m), Units = "10*3/uL" },
            ],
        };
    }

    [Fact]
    public async Task Container_DisposedSynchronously_ClosesTheAuditTrailWithoutThrowing()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHematologyPipeline(o => Copy(HematologyOptionsTests.Valid(), o));
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IAuditTrail>().AppendAsync(new AuditEvent { Type = AuditEventTypes.FileAcquired, FileName = "a.csv" });

        provider.Dispose();

        var report = await AuditTrail.CreateVerifier().VerifyAsync(AuditTrail.ReadJsonLines(Path.Combine(_root, "audit")));
        Assert.True(report.IsValid);
        Assert.Equal(1, report.EntriesVerified);
    }

    [Fact]
    public async Task SecondHost_OnTheSameSpool_StopsWithoutTouchingTheFirst()
    {
        using var first = BuildHost();
        await first.StartAsync();
        var spoolLock = Path.Combine(_root, "spool.lock");
        var firstMonitor = first.Services.GetRequiredService<IPipelineMonitor>();

        // The lock file appears before the first host's runner has recovered the spool and started: wait for the
        // runner itself, so that "still running" below is about the second host, not about a slow start.
        await WaitUntilAsync(() => File.Exists(spoolLock) && firstMonitor.GetSnapshot().Running);

        using var second = BuildHost();
        var stopping = new TaskCompletionSource();
        second.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());
        await second.StartAsync();

        await stopping.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Throws<IOException>(() => new FileStream(spoolLock, FileMode.Open, FileAccess.ReadWrite, FileShare.None).Dispose());
        Assert.True(firstMonitor.GetSnapshot().Running);
        await second.StopAsync();
        await first.StopAsync();

        // Once the first host has stopped, the lock is free again.
        new FileStream(spoolLock, FileMode.Open, FileAccess.ReadWrite, FileShare.None).Dispose();
    }

    private IHost BuildHost()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddHematologyPipeline(o =>
        {
            Copy(HematologyOptionsTests.Valid(), o);
            o.ControlChannel = false;
        });
        return builder.Build();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Registrations_ReplacedBeforeAdd_AreKept()
    {
        var services = new ServiceCollection();
        var alerts = new RecordingAlertSink();
        services.AddSingleton<IAlertSink>(alerts);
        services.AddLogging();
        services.AddHematologyPipeline(o => Copy(HematologyOptionsTests.Valid(), o));
        await using var provider = services.BuildServiceProvider();

        Assert.Same(alerts, provider.GetRequiredService<IAlertSink>());
        Assert.NotNull(provider.GetRequiredService<IPipelineMonitor>());
        Assert.NotNull(provider.GetRequiredService<IPipelineControl>());
        Assert.NotNull(provider.GetRequiredService<IAuditTrail>());
        Assert.Single(provider.GetServices<IHostedService>(), s => s.GetType().Name == "HematologyPipelineService");
    }

    [Fact]
    public async Task ResilienceOptions_AreThoseOfTheHematologySection()
    {
        var services = new ServiceCollection();
        services.AddHematologyPipeline(o =>
        {
            Copy(HematologyOptionsTests.Valid(), o);
            o.Resilience.Pause.ConsecutiveAckTimeouts = 3;
        });
        await using var provider = services.BuildServiceProvider();

        Assert.Equal(3, provider.GetRequiredService<IOptions<ResilienceOptions>>().Value.Pause.ConsecutiveAckTimeouts);
    }

    [Fact]
    public async Task HealthCheck_WhilePaused_IsUnhealthy()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHematologyPipeline(o => Copy(HematologyOptionsTests.Valid(), o));
        await using var provider = services.BuildServiceProvider();
        var health = provider.GetRequiredService<HealthCheckService>();

        var before = await health.CheckHealthAsync();
        await provider.GetRequiredService<IEmergencyPause>().PauseAsync("tester", "checking the health check");
        var during = await health.CheckHealthAsync();

        Assert.Equal(HealthStatus.Healthy, before.Status);
        Assert.Equal(HealthStatus.Unhealthy, during.Status);
        Assert.Contains("checking the health check", during.Entries[HematologyServiceCollectionExtensions.HealthCheckName].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_ControlSocketPathTooLong_RunsWithoutTheChannel()
    {
        // A Unix socket path is limited to about 108 bytes; the spool may well be deeper than that.
        var deep = Path.Combine(_root, new string('s', 60), new string('p', 60));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddHematologyPipeline(o =>
        {
            Copy(HematologyOptionsTests.Valid(), o);
            o.SpoolDirectory = deep;
            o.Analyzers[0].Source.Path = Directory.CreateDirectory(Path.Combine(_root, "drop")).FullName;
            o.Resilience.SchedulingLag.Enabled = false;
        });
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var service = host.Services.GetServices<IHostedService>().OfType<BackgroundService>().Single(s => s.GetType().Name == "HematologyPipelineService");
            var monitor = host.Services.GetRequiredService<IPipelineMonitor>();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!monitor.GetSnapshot().Running && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            Assert.True(monitor.GetSnapshot().Running);
            Assert.False(service.ExecuteTask!.IsFaulted);
            Assert.False(File.Exists(Path.Combine(deep, "control.sock")));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private sealed class RecordingAlertSink : IAlertSink
    {
        public ValueTask AlertAsync(Alert alert, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
