using System.Text;
using Hematology.Integration.Spool;

namespace Hematology.Integration.Tests.Spool;

public sealed class DurableFileTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("durable-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void WritePair_TwoFilesOfOneFolder_BothWhollyThereAndNoTemporaryLeft()
    {
        var first = Path.Combine(_root, "1.meta.json");
        var second = Path.Combine(_root, "1.hl7");
        File.WriteAllText(second, "an older, longer content that must be replaced entirely");

        DurableFile.WritePair(first, "{\"a\":1}"u8, second, "MSH|x"u8);

        Assert.Equal("{\"a\":1}", File.ReadAllText(first));
        Assert.Equal("MSH|x", File.ReadAllText(second));
        Assert.Equal(["1.hl7", "1.meta.json"], Directory.GetFiles(_root).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void WritePair_FilesInDifferentFolders_IsRefusedBeforeWritingAnything()
    {
        var other = Directory.CreateDirectory(Path.Combine(_root, "other")).FullName;

        Assert.Throws<ArgumentException>(() => DurableFile.WritePair(Path.Combine(_root, "a"), "a"u8, Path.Combine(other, "b"), "b"u8));

        Assert.Empty(Directory.GetFiles(_root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void FlushDirectory_FolderCannotBeOpened_ThrowsInsteadOfPassingSilently()
    {
        // A spool change whose folder entry could not be flushed is not durable: the caller must hear of it.
        Assert.Throws<IOException>(() => DurableFile.FlushDirectory(Path.Combine(_root, "missing")));
    }

    [Fact]
    public void MoveAll_TwoFilesIntoANewFolder_MovesBothAndCreatesTheFolder()
    {
        var from = Directory.CreateDirectory(Path.Combine(_root, "outbox")).FullName;
        var to = Path.Combine(_root, "sent", "2026-12-01");
        File.WriteAllBytes(Path.Combine(from, "1.meta.json"), Encoding.UTF8.GetBytes("m"));
        File.WriteAllBytes(Path.Combine(from, "1.hl7"), Encoding.UTF8.GetBytes("h"));

        DurableFile.MoveAll([(Path.Combine(from, "1.meta.json"), Path.Combine(to, "1.meta.json")), (Path.Combine(from, "1.hl7"), Path.Combine(to, "1.hl7"))]);

        Assert.Empty(Directory.GetFiles(from));
        Assert.Equal("m", File.ReadAllText(Path.Combine(to, "1.meta.json")));
        Assert.Equal("h", File.ReadAllText(Path.Combine(to, "1.hl7")));
    }

    [Fact]
    public void MoveAll_TargetExistsWithoutOverwrite_ThrowsAndKeepsTheSource()
    {
        var source = Path.Combine(_root, "a.hl7");
        var target = Path.Combine(_root, "sent", "a.hl7");
        File.WriteAllText(source, "new");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllText(target, "old");

        Assert.Throws<IOException>(() => DurableFile.MoveAll([(source, target)]));

        Assert.Equal("new", File.ReadAllText(source));
        Assert.Equal("old", File.ReadAllText(target));
    }
}
