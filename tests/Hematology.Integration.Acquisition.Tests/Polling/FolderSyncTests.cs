namespace Hematology.Integration.Acquisition.Tests.Polling;

public sealed class FolderSyncTests
{
    [Fact]
    public async Task RenamedAndFlush_ConcurrentRenames_AllReturnOnceFlushed()
    {
        var folder = Directory.CreateTempSubdirectory("acq-sync-").FullName;
        try
        {
            var sync = new FolderSync(folder);

            await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            {
                File.WriteAllText(Path.Combine(folder, $"{i}.partial"), "x");
                File.Move(Path.Combine(folder, $"{i}.partial"), Path.Combine(folder, $"{i}.csv"));
                sync.RenamedAndFlush();
            })));

            Assert.Equal(16, Directory.GetFiles(folder, "*.csv").Length);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void RenamedAndFlush_FolderGone_ThrowsIOException()
    {
        var sync = new FolderSync(Path.Combine(Path.GetTempPath(), "acq-sync-missing-" + Guid.NewGuid().ToString("N")));

        Assert.Throws<IOException>(sync.RenamedAndFlush);
    }

    [Fact]
    public void FlushThrough_RenamesMadeBeforeAFlush_CoveredByThatOneFlush()
    {
        var flushes = 0;
        var sync = new FolderSync("unused", _ => flushes++);
        var first = sync.Renamed();
        var second = sync.Renamed();
        var third = sync.Renamed();

        sync.FlushThrough(third);
        sync.FlushThrough(first);
        sync.FlushThrough(second);
        Assert.Equal(1, flushes);

        var fourth = sync.Renamed();
        sync.FlushThrough(fourth);
        Assert.Equal(2, flushes);
        Assert.Equal(2, sync.Flushes);
    }

    [Fact]
    public void FlushThrough_FlushFails_ThrowsAndTheNextCallFlushesAgain()
    {
        var fail = true;
        var flushes = 0;
        var sync = new FolderSync("unused", _ =>
        {
            if (fail)
            {
                throw new IOException("device gone");
            }

            flushes++;
        });
        var ticket = sync.Renamed();

        Assert.Throws<IOException>(() => sync.FlushThrough(ticket));
        fail = false;
        sync.FlushThrough(ticket);

        Assert.Equal(1, flushes);
    }
}
