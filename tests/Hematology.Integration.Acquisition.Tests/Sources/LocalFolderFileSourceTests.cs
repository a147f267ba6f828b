using Hematology.Integration.Acquisition.Tests.Polling;
using Hematology.Integration.Testing;

namespace Hematology.Integration.Acquisition.Tests.Sources;

public sealed class LocalFolderFileSourceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("acq-drop-").FullName;

    [Fact]
    public async Task Poll_StableFiles_AcquiredInOrderAndDeleted()
    {
        var older = Write("b.csv", "b\n", new DateTime(2026, 1, 1, 8, 0, 0, DateTimeKind.Utc));
        var newer = Write("a.csv", "a\n", new DateTime(2026, 1, 1, 9, 0, 0, DateTimeKind.Utc));
        using var collector = new Collector();
        var time = new FakeTimeProvider();
        await using var poller = collector.Poller(time);
        var source = new LocalFolderFileSource(new LocalFolderSourceOptions { AnalyzerId = "lab1", Path = _folder });
        poller.Add(source);

        Assert.Equal(0, await poller.PollOnceAsync(source));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(2, await poller.PollOnceAsync(source));

        Assert.Equal(["b.csv", "a.csv"], collector.Files.Select(f => f.SourceName)); // older first, although its name sorts later
        Assert.False(File.Exists(older));
        Assert.False(File.Exists(newer));
        Assert.Equal("b\n", await File.ReadAllTextAsync(collector.Files[0].LocalPath));
        Assert.Empty(Directory.GetFiles(Path.Combine(_folder, "processing")));
    }

    [Fact]
    public async Task Remove_ArchiveWithExistingName_AddsASuffixAndKeepsTheOldFile()
    {
        Write("archive/run.csv", "old\n", DateTime.UtcNow);
        Write("run.csv", "new\n", DateTime.UtcNow);
        await using var source = new LocalFolderFileSource(new LocalFolderSourceOptions { AnalyzerId = "lab1", Path = _folder, AfterDownload = AfterDownloadAction.Archive });
        var listed = Assert.Single((await source.ListAsync()).Files);
        var claim = await source.ClaimAsync(listed);

        var archived = await source.RemoveAsync(claim!);

        Assert.Equal("archive/run~1.csv", archived);
        Assert.Equal("old\n", await File.ReadAllTextAsync(Path.Combine(_folder, "archive", "run.csv")));
        Assert.Equal("new\n", await File.ReadAllTextAsync(Path.Combine(_folder, "archive", "run~1.csv")));
    }

    [Fact]
    public async Task Claim_FileAlreadyTaken_ReturnsNull()
    {
        Write("run.csv", "x\n", DateTime.UtcNow);
        await using var first = new LocalFolderFileSource(new LocalFolderSourceOptions { AnalyzerId = "lab1", Path = _folder });
        await using var second = new LocalFolderFileSource(new LocalFolderSourceOptions { AnalyzerId = "lab1", Path = _folder });
        var listed = Assert.Single((await first.ListAsync()).Files);

        var won = await first.ClaimAsync(listed);
        var lost = await second.ClaimAsync(listed);

        Assert.NotNull(won);
        Assert.Null(lost);
    }

    [Fact]
    public async Task Release_ClaimedFile_ReturnsItToTheFolder()
    {
        Write("run.csv", "x\n", DateTime.UtcNow);
        await using var source = new LocalFolderFileSource(new LocalFolderSourceOptions { AnalyzerId = "lab1", Path = _folder });
        var claim = await source.ClaimAsync(Assert.Single((await source.ListAsync()).Files));

        await source.ReleaseAsync(claim!);

        Assert.True(File.Exists(Path.Combine(_folder, "run.csv")));
        Assert.Equal("processing/run.csv", claim!.Path);
    }

    [Fact]
    public async Task Poll_CompletenessRuleFails_FileLeftInPlace()
    {
        Write("run.csv", "a,b\n1,2", DateTime.UtcNow);
        using var collector = new Collector();
        var time = new FakeTimeProvider();
        await using var poller = collector.Poller(time, new StabilityOptions { Completeness = FileCompleteness.FinalNewline });
        var source = new LocalFolderFileSource(new LocalFolderSourceOptions { AnalyzerId = "lab1", Path = _folder });
        poller.Add(source);

        await poller.PollOnceAsync(source);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, await poller.PollOnceAsync(source));

        Assert.True(File.Exists(Path.Combine(_folder, "run.csv")));
        Assert.Empty(collector.Files);
        Assert.Empty(Directory.GetFiles(Path.Combine(collector.Spool, "incoming")));
    }

    [Fact]
    public async Task Poll_FileLargerThanTheSourcesLimit_LeftInPlace()
    {
        Write("big.csv", "0123456789\n", DateTime.UtcNow);
        Write("small.csv", "0\n", DateTime.UtcNow);
        using var collector = new Collector();
        var time = new FakeTimeProvider();
        await using var poller = collector.Poller(time);
        var source = new LocalFolderFileSource(new LocalFolderSourceOptions { AnalyzerId = "lab1", Path = _folder, MaxFileBytes = 5 });
        poller.Add(source);

        await poller.PollOnceAsync(source);
        time.Advance(TimeSpan.FromSeconds(5));
        var acquired = await poller.PollOnceAsync(source);

        Assert.Equal(1, acquired);
        Assert.Equal("small.csv", Assert.Single(collector.Files).SourceName);
        Assert.True(File.Exists(Path.Combine(_folder, "big.csv")));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string relative, string text, DateTime modifiedUtc)
    {
        var path = Path.Combine(_folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        File.SetLastWriteTimeUtc(path, modifiedUtc);
        return path;
    }
}
