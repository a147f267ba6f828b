using Hematology.Integration.Testing;

namespace Hematology.Integration.Acquisition.Tests.Polling;

/// <summary>
/// The spool folder is flushed once for many copies, just before the hand-over: no copy is handed on, and no source
/// copy removed, before a flush that covers its name in <c>acquired/</c>; order is unchanged.
/// </summary>
public sealed class DeferredFlushTests
{
    [Fact]
    public async Task PollOnce_ManyFiles_EachHandedOnAndRemovedOnlyAfterAFlushCoveringItAndInOrder()
    {
        using var drop = new DropFolder();
        const int count = 80; // more than the commit window
        for (var i = 0; i < count; i++)
        {
            drop.Write($"r{i:D3}.csv", $"P{i},WBC\n");
        }

        using var collector = new Collector();
        var durable = new HashSet<string>(StringComparer.Ordinal);
        var flushes = 0;
        var violations = new List<string>();
        await using var poller = new AcquisitionPoller(Options(collector), args =>
        {
            lock (durable)
            {
                if (!durable.Contains(args.File.LocalPath))
                {
                    violations.Add("handed on before flush: " + args.File.SourceName);
                }
            }

            return collector.OnAcquired(args);
        }, null, null, folder =>
        {
            lock (durable)
            {
                flushes++;
                durable.UnionWith(Directory.GetFiles(folder)); // what this flush makes durable
            }
        });
        poller.OnRemoved = args =>
        {
            lock (durable)
            {
                if (!durable.Contains(args.File.LocalPath))
                {
                    violations.Add("removed before flush: " + args.File.SourceName);
                }
            }

            return collector.OnRemoved(args);
        };
        var source = drop.Source();
        poller.Add(source);

        var acquired = await poller.PollOnceAsync(source);

        Assert.Equal(count, acquired);
        Assert.Empty(violations);
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"r{i:D3}.csv"), collector.Files.Select(f => f.SourceName));
        Assert.Equal(collector.Files.Select(f => f.SourceName), collector.Removed.Select(r => r.File.SourceName));
        Assert.InRange(flushes, 1, count / 2); // grouped, not one flush per copy
        Assert.Empty(Directory.GetFiles(drop.Path, "*.csv"));
    }

    [Fact]
    public async Task PollOnce_FolderFlushFails_NothingHandedOnOrRemovedAndTheFilesAreTakenOnceTheFlushWorks()
    {
        using var drop = new DropFolder();
        drop.Write("a.csv", "P1,WBC\n");
        drop.Write("b.csv", "P2,WBC\n");
        using var collector = new Collector();
        var failing = true;
        await using var poller = new AcquisitionPoller(Options(collector), collector.OnAcquired, null, null, _ =>
        {
            if (failing)
            {
                throw new IOException("The folder could not be flushed to the device (errno 5).");
            }
        });
        poller.OnRemoved = collector.OnRemoved;
        var source = drop.Source();
        poller.Add(source);

        var acquired = await poller.PollOnceAsync(source);

        Assert.Equal(0, acquired);
        Assert.Empty(collector.Files);
        Assert.Empty(collector.Removed);
        Assert.Equal(["a.csv", "b.csv"], Directory.GetFiles(drop.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal)); // released, still on the source
        Assert.Empty(Directory.GetFiles(Path.Combine(collector.Spool, "acquired", "drop"))); // no copy left that was never durable

        failing = false;
        acquired = await poller.PollOnceAsync(source);

        Assert.Equal(2, acquired);
        Assert.Equal(["a.csv", "b.csv"], collector.Files.Select(f => f.SourceName));
        Assert.Empty(Directory.GetFiles(drop.Path, "*.csv"));
    }

    [Fact]
    public async Task PollOnce_BeforeRemoval_RunsAfterEveryHandOverOfItsBatchAndBeforeAnyOfItsRemovals()
    {
        using var drop = new DropFolder();
        const int count = 80; // more than the commit window
        for (var i = 0; i < count; i++)
        {
            drop.Write($"r{i:D3}.csv", $"P{i},WBC\n");
        }

        using var collector = new Collector();
        var log = new List<string>();
        await using var poller = new AcquisitionPoller(Options(collector), args =>
        {
            lock (log)
            {
                log.Add("acquired " + args.File.SourceName);
            }

            return collector.OnAcquired(args);
        });
        poller.BeforeRemoval = _ =>
        {
            lock (log)
            {
                log.Add("barrier");
            }

            return ValueTask.CompletedTask;
        };
        poller.OnRemoved = args =>
        {
            lock (log)
            {
                log.Add("removed " + args.File.SourceName);
            }

            return collector.OnRemoved(args);
        };
        var source = drop.Source();
        poller.Add(source);

        var acquired = await poller.PollOnceAsync(source);

        Assert.Equal(count, acquired);
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"r{i:D3}.csv"), collector.Files.Select(f => f.SourceName));
        var barriers = log.Count(l => l == "barrier");
        Assert.InRange(barriers, 1, count);
        for (var i = 0; i < count; i++)
        {
            var name = $"r{i:D3}.csv";
            var handedOn = log.IndexOf("acquired " + name);
            var removed = log.IndexOf("removed " + name);
            var barrier = log.FindIndex(handedOn, l => l == "barrier");
            Assert.True(handedOn >= 0 && barrier > handedOn && removed > barrier, $"{name}: handed on at {handedOn}, next barrier at {barrier}, removed at {removed}");
        }

        Assert.Empty(Directory.GetFiles(drop.Path, "*.csv"));
    }

    [Fact]
    public async Task PollOnce_BeforeRemovalFails_NoSourceCopyOfTheBatchIsRemoved()
    {
        using var drop = new DropFolder();
        drop.Write("a.csv", "P1,WBC\n");
        drop.Write("b.csv", "P2,WBC\n");
        using var collector = new Collector();
        await using var poller = new AcquisitionPoller(Options(collector), collector.OnAcquired)
        {
            BeforeRemoval = _ => ValueTask.FromException(new IOException("the audit trail could not be flushed")),
            OnRemoved = collector.OnRemoved,
        };
        var source = drop.Source();
        poller.Add(source);

        await Assert.ThrowsAsync<IOException>(() => poller.PollOnceAsync(source));

        Assert.Empty(collector.Removed);
        Assert.NotEmpty(collector.Files); // handed on: durable copies, processed like any other
        Assert.All(collector.Files, f => Assert.True(File.Exists(f.LocalPath)));
        var left = Directory.GetFiles(drop.Path, "*.csv", SearchOption.AllDirectories).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(["a.csv", "b.csv"], left); // nothing removed from the source (claimed copies are put back at the next start)
    }

    private static AcquisitionOptions Options(Collector collector) => new()
    {
        SpoolDirectory = collector.Spool,
        PollJitter = 0,
        Stability = new StabilityOptions { Window = TimeSpan.Zero, MinObservations = 1 },
    };

    private sealed class DropFolder : IDisposable
    {
        private int _written;

        public string Path { get; } = Directory.CreateTempSubdirectory("acq-drop-").FullName;

        public void Write(string name, string content)
        {
            var file = System.IO.Path.Combine(Path, name);
            File.WriteAllText(file, content);
            // Distinct, increasing modification times: the acquisition order is modification time, then name.
            File.SetLastWriteTimeUtc(file, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(_written++));
        }

        public LocalFolderFileSource Source() => new(new LocalFolderSourceOptions { AnalyzerId = "drop", Path = Path });

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
