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
}
