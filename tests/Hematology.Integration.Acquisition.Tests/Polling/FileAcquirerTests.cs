using System.Text;
using Hematology.Integration.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hematology.Integration.Acquisition.Tests.Polling;

public sealed class FileAcquirerTests
{
    [Theory]
    [InlineData("../../x.csv")]
    [InlineData("/etc/x.csv")]
    [InlineData("..\\..\\x.csv")]
    public async Task Acquire_HostileRemoteName_StaysInsideTheSpool(string remoteName)
    {
        using var collector = new Collector();
        var acquirer = new FileAcquirer(collector.Spool, new StabilityOptions(), new FakeTimeProvider(), NullLogger.Instance);
        var source = new MemorySource(remoteName, "P1,WBC\n");

        var result = await acquirer.AcquireAsync(source, source.File, 1, 1000, CancellationToken.None);

        Assert.NotNull(result);
        var acquired = result.Value.File;
        Assert.Equal("x.csv", acquired.SourceName);
        Assert.StartsWith(Path.Combine(collector.Spool, "acquired", "mem") + Path.DirectorySeparatorChar, acquired.LocalPath, StringComparison.Ordinal);
        Assert.Equal("P1,WBC\n", await File.ReadAllTextAsync(acquired.LocalPath));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(collector.Spool)!, "x.csv"));
    }

    [Fact]
    public async Task Acquire_FileLargerThanTheLimit_IsRefusedBeforeClaiming()
    {
        using var collector = new Collector();
        var acquirer = new FileAcquirer(collector.Spool, new StabilityOptions(), new FakeTimeProvider(), NullLogger.Instance);
        var source = new MemorySource("big.csv", new string('x', 100));

        await Assert.ThrowsAsync<IOException>(() => acquirer.AcquireAsync(source, source.File, 1, 50, CancellationToken.None));

        Assert.False(source.Claimed);
    }

    [Fact]
    public async Task Acquire_SourceShorterThanListed_DiscardsAndReleases()
    {
        using var collector = new Collector();
        var acquirer = new FileAcquirer(collector.Spool, new StabilityOptions(), new FakeTimeProvider(), NullLogger.Instance);
        var source = new MemorySource("run.csv", "abc") { ListedLength = 10 };

        var result = await acquirer.AcquireAsync(source, source.File, 1, 1000, CancellationToken.None);

        Assert.Null(result);
        Assert.True(source.Released);
        Assert.Empty(Directory.GetFiles(Path.Combine(collector.Spool, "incoming")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(collector.Spool, "acquired")));
    }

    [Fact]
    public async Task Acquire_TwoFiles_SequenceCountsPerAnalyzer()
    {
        using var collector = new Collector();
        var acquirer = new FileAcquirer(collector.Spool, new StabilityOptions(), new FakeTimeProvider(), NullLogger.Instance);
        var first = new MemorySource("a.csv", "a\n");
        var second = new MemorySource("b.csv", "b\n");

        var a = await acquirer.AcquireAsync(first, first.File, 1, 1000, CancellationToken.None);
        var b = await acquirer.AcquireAsync(second, second.File, 1, 1000, CancellationToken.None);

        Assert.Equal(1, a!.Value.File.Sequence);
        Assert.Equal(2, b!.Value.File.Sequence);
        Assert.NotEqual(a.Value.File.CorrelationId, b.Value.File.CorrelationId);
    }

    /// <summary>A source holding one file in memory.</summary>
    private sealed class MemorySource(string name, string content) : IResultFileSource
    {
        private readonly byte[] _bytes = Encoding.UTF8.GetBytes(content);

        public long? ListedLength { get; init; }

        public bool Claimed { get; private set; }

        public bool Released { get; private set; }

        public SourceFile File => new(name, ListedLength ?? _bytes.Length, null);

        public AnalyzerId AnalyzerId { get; } = AnalyzerId.Create("mem");

        public string Location => "mem://";

        public ValueTask<SourceListing> ListAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(new SourceListing([File], []));

        public ValueTask<ClaimedFile?> ClaimAsync(SourceFile file, CancellationToken cancellationToken = default)
        {
            Claimed = true;
            return ValueTask.FromResult<ClaimedFile?>(new ClaimedFile(file, file.Name));
        }

        public async ValueTask<long> CopyToAsync(ClaimedFile file, long offset, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> destination, CancellationToken cancellationToken = default)
        {
            await destination(_bytes.AsMemory((int)offset), cancellationToken);
            return _bytes.Length - offset;
        }

        public ValueTask<SourceFile?> GetCurrentAsync(ClaimedFile file, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<SourceFile?>(new SourceFile(name, _bytes.Length, null));

        public ValueTask ReleaseAsync(ClaimedFile file, CancellationToken cancellationToken = default)
        {
            Released = true;
            return ValueTask.CompletedTask;
        }

        public ValueTask<string?> RemoveAsync(ClaimedFile file, CancellationToken cancellationToken = default) => ValueTask.FromResult<string?>(null);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
