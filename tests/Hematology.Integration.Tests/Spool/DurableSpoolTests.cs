using System.Text;
using System.Text.Json;
using Hematology.Integration.Spool;
using Hematology.Integration.Testing;

namespace Hematology.Integration.Tests.Spool;

public sealed class DurableSpoolTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("spool-").FullName;
    private readonly FakeTimeProvider _time = new();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task EnqueueAsync_SameControlIdTwice_QueuesOnce()
    {
        var spool = NewSpool();

        var first = await spool.EnqueueAsync(Metadata("CTRL1"), Bytes("MSH|1"), default);
        var second = await spool.EnqueueAsync(Metadata("CTRL1"), Bytes("MSH|1"), default);

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.Single(spool.ListOutbox("lims"));
    }

    [Fact]
    public async Task ListOutbox_SeveralMessages_ReturnsThemInQueueOrder()
    {
        var spool = NewSpool();
        foreach (var id in new[] { "C", "A", "B" })
        {
            await spool.EnqueueAsync(Metadata(id), Bytes("MSH|" + id), default);
        }

        Assert.Equal(["C", "A", "B"], spool.ListOutbox("lims").Select(i => i.ControlId));
    }

    [Fact]
    public async Task Recover_AfterRestart_ContinuesTheSequenceAndRemembersSentControlIds()
    {
        var spool = NewSpool();
        var sent = await spool.EnqueueAsync(Metadata("SENT1"), Bytes("MSH|s"), default);
        await spool.EnqueueAsync(Metadata("WAIT1"), Bytes("MSH|w"), default);
        spool.MarkSent(sent!);

        var restarted = NewSpool();
        var again = await restarted.EnqueueAsync(Metadata("SENT1"), Bytes("MSH|s"), default);
        var next = await restarted.EnqueueAsync(Metadata("NEW1"), Bytes("MSH|n"), default);

        Assert.Null(again);
        Assert.Equal(["WAIT1", "NEW1"], restarted.ListOutbox("lims").Select(i => i.ControlId));
        Assert.True(next!.Sequence > 2);
    }

    [Fact]
    public async Task Recover_TemporaryFileLeftByACrash_IsRemovedAndNeverSent()
    {
        var spool = NewSpool();
        await spool.EnqueueAsync(Metadata("OK1"), Bytes("MSH|ok"), default);
        var torn = Path.Combine(spool.OutboxDirectory("lims"), "000000000009-TORN.hl7.tmp");
        await File.WriteAllTextAsync(torn, "MSH|half");

        var restarted = NewSpool();

        Assert.False(File.Exists(torn));
        Assert.Equal(["OK1"], restarted.ListOutbox("lims").Select(i => i.ControlId));
    }

    [Fact]
    public async Task MarkSent_Item_MovesMessageAndMetadataOutOfTheOutbox()
    {
        var spool = NewSpool();
        var item = await spool.EnqueueAsync(Metadata("S1"), Bytes("MSH|x"), default);

        var target = spool.MarkSent(item!);

        Assert.Empty(spool.ListOutbox("lims"));
        Assert.True(File.Exists(target));
        Assert.True(File.Exists(Path.ChangeExtension(target, ".meta.json")));
        Assert.StartsWith(Path.Combine(spool.SentRoot, "2026-01-15"), target, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuarantineMessageAsync_Item_WritesMachineAndHumanReadableReasons()
    {
        var spool = NewSpool();
        var item = await spool.EnqueueAsync(Metadata("Q1"), Bytes("MSH|q"), default);

        var entry = await spool.QuarantineMessageAsync(item!, Reason(QuarantineReasons.Rejected, "AR"), default);

        Assert.Empty(spool.ListOutbox("lims"));
        Assert.Equal("rejected/lims__" + Path.GetFileName(item!.Path), entry.Id);
        var reason = JsonDocument.Parse(await File.ReadAllTextAsync(entry.Path + ".reason.json")).RootElement;
        Assert.Equal("AR", reason.GetProperty("code").GetString());
        Assert.Equal("Q1", reason.GetProperty("controlId").GetString());
        Assert.Equal(64, reason.GetProperty("sha256").GetString()!.Length);
        Assert.Contains("Reason: rejected (AR)", await File.ReadAllTextAsync(entry.Path + ".reason.txt"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequeueAsync_QuarantinedMessage_ReturnsToTheEndOfTheOutboxWithItsControlId()
    {
        var spool = NewSpool();
        var item = await spool.EnqueueAsync(Metadata("R1"), Bytes("MSH|r"), default);
        var entry = await spool.QuarantineMessageAsync(item!, Reason(QuarantineReasons.AckTimeout, "ACK_TIMEOUT"), default);
        await spool.EnqueueAsync(Metadata("R2"), Bytes("MSH|r2"), default);

        var (requeued, reason) = await spool.RequeueAsync(entry.Id, default);

        Assert.Equal("R1", requeued.ControlId);
        Assert.Equal("ACK_TIMEOUT", reason.Code);
        Assert.Equal(["R2", "R1"], spool.ListOutbox("lims").Select(i => i.ControlId));
        Assert.Empty(spool.ListQuarantine());
        Assert.Equal("MSH|r", await File.ReadAllTextAsync(requeued.Path));
    }

    [Fact]
    public async Task RequeueAsync_UnknownId_ThrowsWithAHint()
    {
        var spool = NewSpool();

        var error = await Assert.ThrowsAsync<KeyNotFoundException>(async () => await spool.RequeueAsync("rejected/nothing.hl7", default));

        Assert.Contains("hematology quarantine list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuarantineFileAsync_File_IsMovedWithItsHashAndNotRequeueable()
    {
        var spool = NewSpool();
        var file = Path.Combine(_root, "export.csv");
        await File.WriteAllTextAsync(file, "Patient_ID,Test_Code\n");

        var entry = await spool.QuarantineFileAsync(file, "xn-1", Reason(QuarantineReasons.InvalidFile, "MISSING_COLUMNS"), default);

        Assert.False(File.Exists(file));
        Assert.False(entry.IsMessage);
        Assert.Single(spool.ListQuarantine());
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await spool.RequeueAsync(entry.Id, default));
    }

    [Fact]
    public async Task MarkProcessed_Moves_AtOnceAndFlushesTheFoldersInBatches()
    {
        var spool = NewSpool();
        var acquired = Path.Combine(_root, "acquired", "xn-1");
        Directory.CreateDirectory(acquired);
        var files = new List<AcquiredFile>();
        for (var i = 0; i < DurableSpool.MaxUnflushedProcessedMoves + 2; i++)
        {
            var path = Path.Combine(acquired, $"f{i}.csv");
            await File.WriteAllTextAsync(path, "x\n");
            files.Add(new AcquiredFile
            {
                AnalyzerId = AnalyzerId.Create("xn-1"),
                CorrelationId = CorrelationId.New(_time),
                SourceName = $"f{i}.csv",
                SourceLocation = "file:///drop/",
                LocalPath = path,
                Length = 2,
                Sha256 = Sha256Digest.Compute(Encoding.UTF8.GetBytes("x\n")),
                AcquiredAt = _time.GetUtcNow(),
            });
        }

        var first = spool.MarkProcessed(files[0]);
        var pendingAfterOne = spool.UnflushedProcessedMoves;
        spool.FlushProcessedMoves();
        var pendingAfterFlush = spool.UnflushedProcessedMoves;
        var pendingAtTheBound = -1;
        for (var i = 1; i < files.Count; i++)
        {
            spool.MarkProcessed(files[i]);
            if (i == DurableSpool.MaxUnflushedProcessedMoves - 1)
            {
                pendingAtTheBound = spool.UnflushedProcessedMoves;
            }
        }

        Assert.True(File.Exists(first));
        Assert.False(File.Exists(files[0].LocalPath)); // the rename itself is immediate
        Assert.Equal(1, pendingAfterOne);
        Assert.Equal(0, pendingAfterFlush);
        Assert.Equal(DurableSpool.MaxUnflushedProcessedMoves - 1, pendingAtTheBound); // one short of the bound: not yet flushed
        Assert.Equal(1, spool.UnflushedProcessedMoves); // the 64th move flushed them all; one more since
        Assert.Empty(Directory.GetFiles(acquired));
    }

    [Theory]
    [InlineData("../../etc")]
    [InlineData("lims/a")]
    [InlineData("..")]
    [InlineData("")]
    [InlineData("/abs/path")]
    [InlineData("a\\b")]
    public void SafeName_HostileText_StaysOneSegmentInsideTheFolder(string name)
    {
        var safe = DurableSpool.SafeName(name);

        Assert.DoesNotContain('/', safe);
        Assert.DoesNotContain('\\', safe);
        Assert.NotEqual("..", safe);
        Assert.NotEqual(".", safe);
        Assert.NotEmpty(safe);
        Assert.Equal(_root, Path.GetDirectoryName(Path.GetFullPath(Path.Combine(_root, safe))));
    }

    private DurableSpool NewSpool()
    {
        var spool = new DurableSpool(_root, _time);
        spool.Recover();
        return spool;
    }

    private OutboxMetadata Metadata(string controlId) => new()
    {
        ControlId = controlId,
        Destination = "lims",
        CorrelationId = "0123456789abcdef0123456789abcdef",
        AnalyzerId = "xn-1",
        SourceName = "export.csv",
        FileSha256 = new string('a', 64),
        QueuedAt = _time.GetUtcNow(),
    };

    private QuarantineReason Reason(string reason, string code) => new()
    {
        Reason = reason,
        Code = code,
        Summary = "test reason " + code,
        QuarantinedAt = _time.GetUtcNow(),
        Destination = "lims",
    };

    private static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
