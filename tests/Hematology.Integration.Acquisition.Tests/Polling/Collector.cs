namespace Hematology.Integration.Acquisition.Tests.Polling;

/// <summary>Collects handed-on files and a temporary spool folder.</summary>
internal sealed class Collector : IDisposable
{
    public Collector()
    {
        Spool = Directory.CreateTempSubdirectory("acq-spool-").FullName;
    }

    public string Spool { get; }

    public List<AcquiredFile> Files { get; } = [];

    public List<FileRemovedArguments> Removed { get; } = [];

    public ValueTask OnAcquired(FileAcquiredArguments args)
    {
        lock (Files)
        {
            Files.Add(args.File);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask OnRemoved(FileRemovedArguments args)
    {
        lock (Removed)
        {
            Removed.Add(args);
        }

        return ValueTask.CompletedTask;
    }

    public AcquisitionPoller Poller(TimeProvider time, StabilityOptions? stability = null)
    {
        var poller = new AcquisitionPoller(new AcquisitionOptions { SpoolDirectory = Spool, PollJitter = 0, Stability = stability ?? new StabilityOptions() }, OnAcquired, null, time);
        poller.OnRemoved = OnRemoved;
        return poller;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Spool, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
