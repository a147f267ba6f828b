using System.Collections.Concurrent;
using Hematology.Integration.Audit;
using Hematology.Integration.Control;
using Hematology.Integration.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hematology.Integration.EndToEnd.Tests.Infrastructure;

/// <summary>The pipeline in a real <see cref="IHost"/>, configured the way an integration team would, with its logs captured.</summary>
internal sealed class PipelineUnderTest : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly ActivityRecorder _activities;
    private bool _stopped;

    private PipelineUnderTest(IHost host, HematologyOptions options, LogCapture logs, ActivityRecorder activities)
    {
        _host = host;
        _activities = activities;
        Options = options;
        Logs = logs;
    }

    public HematologyOptions Options { get; }

    public LogCapture Logs { get; }

    public IPipelineMonitor Monitor => _host.Services.GetRequiredService<IPipelineMonitor>();

    /// <summary>Gets every activity the monitor reported since before the host started, in order.</summary>
    public IReadOnlyList<PipelineActivity> Activities => _activities.Snapshot();

    /// <summary>
    /// The activities once <paramref name="complete"/> holds for them, or as they are after <paramref name="timeout"/>
    /// (the caller's assertions then say what is missing). The monitor's watch is an asynchronous stream: when the
    /// pipeline turns idle, its last reports may still be on their way to the recorder.
    /// </summary>
    public async Task<IReadOnlyList<PipelineActivity>> ActivitiesAsync(Func<IReadOnlyList<PipelineActivity>, bool> complete, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var activities = Activities;
            if (complete(activities) || DateTime.UtcNow >= deadline)
            {
                return activities;
            }

            await Task.Delay(10);
        }
    }

    public IPipelineControl Control => _host.Services.GetRequiredService<IPipelineControl>();

    public IServiceProvider Services => _host.Services;

    /// <summary>The task of the pipeline's hosted service (faulted when the pipeline stopped on an error).</summary>
    public Task? PipelineTask => _host.Services.GetServices<IHostedService>().OfType<BackgroundService>().Single(s => s.GetType().Name == "HematologyPipelineService").ExecuteTask;

    public static async Task<PipelineUnderTest> StartAsync(Action<HematologyOptions> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var logs = new LogCapture();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddHematologyPipeline(configure);
        var host = builder.Build();
        var options = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HematologyOptions>>().Value;
        var activities = new ActivityRecorder(host.Services.GetRequiredService<IPipelineMonitor>());
        await host.StartAsync();
        return new PipelineUnderTest(host, options, logs, activities);
    }

    /// <summary>Waits until every file is settled and every outbox is empty.</summary>
    public async Task WaitForIdleAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await Monitor.WaitForIdleAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The pipeline did not become idle within {timeout}: {Monitor.GetSnapshot()}\n{Logs.Text(LogLevel.Warning)}");
        }
    }

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _activities.DisposeAsync();
        if (_host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    /// <summary>Verifies the audit trail's chain and the artifacts it names (after the host stopped).</summary>
    public static async Task<AuditVerificationReport> VerifyAuditAsync(HematologyOptions options)
    {
        var verifier = AuditTrail.CreateVerifier(new AuditVerifierOptions { VerifyArtifacts = true, ArtifactRoot = HematologyConfiguration.GetSpoolDirectory(options) });
        return await verifier.VerifyAsync(HematologyConfiguration.OpenAuditReader(options));
    }

    public static async Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(HematologyOptions options)
    {
        var entries = new List<AuditEntry>();
        await foreach (var record in HematologyConfiguration.OpenAuditReader(options).ReadAsync())
        {
            if (record.Entry is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }
}

/// <summary>Captures every log entry, so tests can check what was reported (and that no patient data was).</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, EventId EventId, string Category, string Message, Exception? Exception)> _entries = new();

    public IReadOnlyList<(LogLevel Level, EventId EventId, string Category, string Message, Exception? Exception)> Entries => [.. _entries];

    public string Text(LogLevel minimum) => string.Join('\n', _entries.Where(e => e.Level >= minimum).Select(e => $"{e.Level} {e.EventId.Id} {e.Category}: {e.Message} {e.Exception?.GetType().Name} {e.Exception?.Message}"));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue((logLevel, eventId, category, formatter(state, exception), exception));
    }
}
