using Hematology.Integration.Acquisition;
using Hematology.Integration.Adapters;
using Hematology.Integration.Destinations;
using Hematology.Integration.Diagnostics;
using Hematology.Integration.Hl7Mapping;
using Hematology.Integration.Mllp;
using Hematology.Integration.Monitoring;
using Hematology.Integration.Pipeline;
using Hematology.Integration.Resilience;
using Hematology.Integration.Spool;
using Hematology.Integration.Validation;
using Microsoft.Extensions.Logging;

namespace Hematology.Integration.Hosting;

/// <summary>The services the pipeline is composed of, as the container supplies them.</summary>
internal sealed record PipelineServices(
    HematologyOptions Options,
    DurableSpool Spool,
    IAuditPort Audit,
    IResultFileValidator Validator,
    IOruBuilder OruBuilder,
    IDeliveryPolicy Policy,
    IEmergencyPause Pause,
    PipelineTelemetry Telemetry,
    PipelineMonitor Monitor,
    DispatcherRegistry Dispatchers,
    Func<string, HttpClient> HttpClients,
    TimeProvider TimeProvider,
    ILoggerFactory LoggerFactory);

/// <summary>Wakes the running dispatchers (after a requeue).</summary>
internal sealed class DispatcherRegistry
{
    private volatile IReadOnlyList<Dispatcher> _dispatchers = [];

    public void Set(IReadOnlyList<Dispatcher> dispatchers) => _dispatchers = dispatchers;

    public void WakeAll()
    {
        foreach (var dispatcher in _dispatchers)
        {
            dispatcher.Wake();
        }
    }
}

/// <summary>
/// One run of the pipeline built from the options: a source port per analyzer, a destination port and dispatcher per
/// destination, the file processor and the runner. Disposing it closes every source session and connection.
/// </summary>
internal sealed class PipelineComposition : IAsyncDisposable
{
    private readonly List<IAnalyzerSourcePort> _sources = [];
    private readonly List<IDestinationPort> _destinations = [];
    private readonly List<Dispatcher> _dispatchers = [];

    private PipelineComposition()
    {
    }

    public PipelineRunner Runner { get; private set; } = null!;

    public static async Task<PipelineComposition> CreateAsync(PipelineServices services)
    {
        var composition = new PipelineComposition();
        try
        {
            composition.Build(services);
            return composition;
        }
        catch
        {
            await composition.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void Build(PipelineServices services)
    {
        var options = services.Options;
        var loggerFactory = services.LoggerFactory;
        var root = services.Spool.Root;
        foreach (var destination in options.Destinations)
        {
            IDestinationPort port = destination.Kind == DestinationKind.Http
                ? new HttpDestination(destination.Name, services.HttpClients(destination.Name), StageOptions.Http(destination), services.TimeProvider)
                : new MllpDestinationPort(destination.Name, MllpClient.Create(StageOptions.Mllp(destination), loggerFactory, services.TimeProvider));
            _destinations.Add(port);
            _dispatchers.Add(new Dispatcher(port, services.Spool, services.Policy, services.Pause, services.Audit, services.Telemetry, services.TimeProvider, loggerFactory.CreateLogger<Dispatcher>())
            {
                Observer = services.Monitor,
            });
        }

        var analyzers = new List<(IAnalyzerSourcePort, AnalyzerRoute)>();
        foreach (var analyzer in options.Analyzers)
        {
            IResultFileSource source = analyzer.Source.Kind == AnalyzerSourceKind.Ftp
                ? new FtpFileSource(StageOptions.Ftp(analyzer), loggerFactory, services.TimeProvider)
                : new LocalFolderFileSource(StageOptions.LocalFolder(analyzer), loggerFactory);
            var port = new AcquisitionSourcePort(source, analyzer, root, services.Audit, loggerFactory, services.TimeProvider);
            _sources.Add(port);
            analyzers.Add((port, new AnalyzerRoute(port.AnalyzerId, analyzer.Profile, StageOptions.DestinationsOf(options, analyzer))));
        }

        var timeZones = options.Analyzers.ToDictionary(a => a.Id, a => a.TimeZone, StringComparer.Ordinal);
        var processor = new FileProcessor(
            services.Spool,
            new ValidationPort(services.Validator, new ProfileRegistry(options), timeZones),
            new MappingPort(services.OruBuilder),
            services.Audit,
            services.Telemetry,
            services.TimeProvider,
            loggerFactory.CreateLogger<FileProcessor>());
        Runner = new PipelineRunner(services.Spool, analyzers, _dispatchers, processor, services.Pause, services.Audit, services.Telemetry, services.TimeProvider, loggerFactory.CreateLogger<PipelineRunner>())
        {
            Observer = services.Monitor,
        };
        services.Dispatchers.Set(_dispatchers);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources)
        {
            await source.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var destination in _destinations)
        {
            await destination.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var dispatcher in _dispatchers)
        {
            dispatcher.Dispose();
        }
    }
}
