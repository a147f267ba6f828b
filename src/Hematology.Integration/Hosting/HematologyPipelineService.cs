using Hematology.Integration.Control;
using Hematology.Integration.Resilience;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hematology.Integration.Hosting;

/// <summary>
/// The hosted service: composes the pipeline from the options, opens the control channel, runs the scheduling-lag
/// monitor and the pause's automated health checks, and runs the pipeline until the host stops. A failure that is
/// not a source's (the spool's disk full or unwritable) is logged as critical and stops the host: it is never
/// swallowed, and the spool's durable state is picked up by the next start.
/// </summary>
internal sealed partial class HematologyPipelineService(
    PipelineServices services,
    IPipelineControl control,
    ISchedulingLagMonitor lagMonitor,
    ILogger<HematologyPipelineService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var options = services.Options;
        using var spoolLock = Spool.SpoolLock.Acquire(services.Spool.Root);
        ControlChannelServer? channel = null;
        var composition = await PipelineComposition.CreateAsync(services).ConfigureAwait(false);
        using var helpers = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var background = new List<Task>();
        try
        {
            if (options.ControlChannel && !OperatingSystem.IsWindows())
            {
                channel = await StartControlChannelAsync(StageOptions.ControlSocketPath(options)).ConfigureAwait(false);
            }

            if (options.Resilience.SchedulingLag.Enabled)
            {
                background.Add(RunQuietlyAsync(lagMonitor.RunAsync, helpers.Token));
            }

            if (options.Resilience.Pause.ResumeMode != ResumeMode.Operator)
            {
                background.Add(RunQuietlyAsync(services.Pause.RunHealthChecksAsync, helpers.Token));
            }

            LogStarting(logger, options.Analyzers.Count, options.Destinations.Count, services.Spool.Root);
            await composition.Runner.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogStopped(logger, ex);
            throw;
        }
        finally
        {
            await helpers.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(background).ConfigureAwait(false);
            if (channel is not null)
            {
                await channel.DisposeAsync().ConfigureAwait(false);
            }

            await composition.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Opens the control channel; a socket that cannot be bound (path too long, read-only folder) is reported, and the pipeline runs without it.</summary>
    private async Task<ControlChannelServer?> StartControlChannelAsync(string socketPath)
    {
        var channel = new ControlChannelServer(socketPath, control, services.LoggerFactory.CreateLogger<ControlChannelServer>());
        try
        {
            channel.Start();
            return channel;
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            LogControlChannelUnavailable(logger, ex, socketPath);
            await channel.DisposeAsync().ConfigureAwait(false);
            return null;
        }
    }

    private async Task RunQuietlyAsync(Func<CancellationToken, Task> run, CancellationToken cancellationToken)
    {
        try
        {
            await run(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogHelperFailed(logger, ex, ex.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 7050, Level = LogLevel.Information, Message = "Hematology pipeline starting: {Analyzers} analyzer(s), {Destinations} destination(s), spool {Spool}")]
    private static partial void LogStarting(ILogger logger, int analyzers, int destinations, string spool);

    [LoggerMessage(EventId = 7051, Level = LogLevel.Critical, Message = "The hematology pipeline stopped on an error it cannot work around; nothing is lost: the spool is recovered at the next start")]
    private static partial void LogStopped(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7053, Level = LogLevel.Error, Message = "The control channel could not be opened at {SocketPath}; pause, resume and requeue from the command line are unavailable (set Hematology:ControlChannel to false to silence this)")]
    private static partial void LogControlChannelUnavailable(ILogger logger, Exception exception, string socketPath);

    [LoggerMessage(EventId = 7052, Level = LogLevel.Error, Message = "A pipeline helper (scheduling-lag monitor or pause health check) failed: {ErrorType}")]
    private static partial void LogHelperFailed(ILogger logger, Exception exception, string errorType);
}
