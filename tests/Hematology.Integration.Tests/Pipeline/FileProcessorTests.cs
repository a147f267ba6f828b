using System.Text;
using Hematology.Integration.Pipeline;
using Hematology.Integration.Spool;
using Hematology.Integration.Validation;

namespace Hematology.Integration.Tests.Pipeline;

public sealed class FileProcessorTests : IDisposable
{
    private static readonly AnalyzerRoute Route = new(PipelineTestBed.Analyzer, "generic-long", ["lims"]);
    private readonly PipelineTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task ProcessAsync_TwoSpecimens_QueuesOneMessagePerSpecimenInFileOrderAndArchivesTheFile()
    {
        var file = _bed.Acquire("a.csv", "content-a");
        var processor = _bed.Processor(new FakeValidator(_ => PipelineTestBed.Accepted(
            PipelineTestBed.Result("S2", "WBC", 7.1m, 1),
            PipelineTestBed.Result("S1", "WBC", 5.0m, 2),
            PipelineTestBed.Result("S2", "HGB", 13.5m, 3))));

        var outcome = await processor.ProcessAsync(file, Route, default);

        Assert.Equal(2, outcome.MessagesQueued);
        var queued = _bed.Spool.ListOutbox("lims");
        Assert.Equal(2, queued.Count);
        Assert.Contains("OBR|1||S2", await File.ReadAllTextAsync(queued[0].Path), StringComparison.Ordinal);
        Assert.Contains("OBX|2|NM|HGB||13.5", await File.ReadAllTextAsync(queued[0].Path), StringComparison.Ordinal);
        Assert.Contains("OBR|1||S1", await File.ReadAllTextAsync(queued[1].Path), StringComparison.Ordinal);
        Assert.False(File.Exists(file.LocalPath));
        Assert.Single(Directory.GetFiles(_bed.Spool.ProcessedRoot, "*", SearchOption.AllDirectories));
        Assert.Equal(2, _bed.Audit.OfType(PipelineEvents.MessageQueued).Count);
    }

    [Fact]
    public async Task ProcessAsync_AuditNotYetDurable_TheFileStaysInAcquiredUntilEveryEventOfItIs()
    {
        // The events of one file share one flush, but none of them may be missing from the trail once the file has
        // moved to processed/: the move waits until all of them are durable.
        var file = _bed.Acquire("a.csv", "content-a");
        var audit = new GatedAudit();
        var processor = _bed.Processor(new FakeValidator(_ => PipelineTestBed.Accepted(
            PipelineTestBed.Result("S1", "WBC", 5.0m, 1),
            PipelineTestBed.Result("S2", "WBC", 7.1m, 2))), audit: audit);

        var processing = processor.ProcessAsync(file, Route, default).AsTask();
        for (var waited = 0; !audit.Events.Any(e => e.Type == PipelineEvents.FileProcessed) && waited < 400; waited++)
        {
            await Task.Delay(25);
        }

        Assert.Equal(
            [PipelineEvents.FileValidated, PipelineEvents.MessageQueued, PipelineEvents.MessageQueued, PipelineEvents.FileProcessed],
            audit.Events.Select(e => e.Type));
        await Task.Delay(100);
        Assert.False(processing.IsCompleted);
        Assert.True(File.Exists(file.LocalPath));
        Assert.Empty(Directory.GetFiles(_bed.Spool.ProcessedRoot, "*", SearchOption.AllDirectories));

        audit.MakeDurable();
        var outcome = await processing.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, outcome.MessagesQueued);
        Assert.False(File.Exists(file.LocalPath));
        Assert.Single(Directory.GetFiles(_bed.Spool.ProcessedRoot, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task ProcessAsync_SameFileAgainAfterACrash_QueuesNothingTwice()
    {
        var validator = new FakeValidator(_ => PipelineTestBed.Accepted(PipelineTestBed.Result("S1", "WBC", 5.0m, 1)));
        var file = _bed.Acquire("a.csv", "same content");
        await _bed.Processor(validator).ProcessAsync(file, Route, default);
        var again = _bed.Acquire("a.csv", "same content", sequence: 2);

        var outcome = await _bed.Processor(validator).ProcessAsync(again, Route, default);

        Assert.Equal(0, outcome.MessagesQueued);
        Assert.Single(_bed.Spool.ListOutbox("lims"));
    }

    [Fact]
    public async Task ProcessAsync_RejectedFile_IsQuarantinedWithEveryIssueAndNothingIsQueued()
    {
        var file = _bed.Acquire("bad.csv", "Patient_ID\n1\n");
        var processor = _bed.Processor(new FakeValidator(_ => new FileValidation(FileVerdict.Rejected, [],
            [new ValidationFinding(0, null, "MISSING_COLUMNS", "Missing Test_Code, Result_Value; found Patient_ID")], 0, default, "utf-8")));

        var outcome = await processor.ProcessAsync(file, Route, default);

        Assert.Equal(FileVerdict.Rejected, outcome.Verdict);
        Assert.Empty(_bed.Spool.ListOutbox("lims"));
        var entry = Assert.Single(_bed.Spool.ListQuarantine());
        Assert.Equal(QuarantineReasons.InvalidFile, entry.Reason);
        var reasonText = await File.ReadAllTextAsync(entry.Path + ".reason.txt");
        Assert.Contains("MISSING_COLUMNS: Missing Test_Code, Result_Value", reasonText, StringComparison.Ordinal);
        Assert.Single(_bed.Audit.OfType(PipelineEvents.FileRejected));
    }

    [Fact]
    public async Task ProcessAsync_RejectedRows_AreQuarantinedWithRowNumbersAndTheRestIsQueued()
    {
        var file = _bed.Acquire("mixed.csv", "x");
        var processor = _bed.Processor(new FakeValidator(_ => new FileValidation(FileVerdict.AcceptedWithRejectedRows,
            [PipelineTestBed.Result("S1", "WBC", 5.0m, 1)],
            [new ValidationFinding(2, "Result_Value", "NOT_A_NUMBER", "'abc' is not a number")], 1,
            Encoding.UTF8.GetBytes("Patient_ID,Test_Code,Result_Value\nP2,WBC,abc\n"), "utf-8")));

        var outcome = await processor.ProcessAsync(file, Route, default);

        Assert.Equal(1, outcome.MessagesQueued);
        var entry = Assert.Single(_bed.Spool.ListQuarantine());
        Assert.Equal(QuarantineReasons.RejectedRows, entry.Reason);
        Assert.Contains("row 2, column Result_Value: NOT_A_NUMBER", await File.ReadAllTextAsync(entry.Path + ".reason.txt"), StringComparison.Ordinal);
        Assert.Equal("2", _bed.Audit.OfType(PipelineEvents.RowsQuarantined)[0].Details!["rowNumbers"]);
    }

    [Fact]
    public async Task ProcessAsync_MappingFailsForOneSpecimen_QuarantinesItAndQueuesTheOthers()
    {
        var file = _bed.Acquire("a.csv", "y");
        var processor = _bed.Processor(
            new FakeValidator(_ => PipelineTestBed.Accepted(PipelineTestBed.Result("S1", "WBC", 5m, 1), PipelineTestBed.Result("BAD", "WBC", 5m, 2))),
            new FakeMapper { FailWhen = r => r.Specimen.Id == "BAD" });

        var outcome = await processor.ProcessAsync(file, Route, default);

        Assert.Equal(1, outcome.MessagesQueued);
        Assert.Equal(QuarantineReasons.MappingFailed, Assert.Single(_bed.Spool.ListQuarantine()).Reason);
    }

    [Fact]
    public async Task ProcessAsync_ValidatorThrows_FileIsQuarantinedNotLost()
    {
        var file = _bed.Acquire("a.csv", "z");
        var processor = _bed.Processor(new FakeValidator(_ => throw new IOException("disk error")));

        var outcome = await processor.ProcessAsync(file, Route, default);

        Assert.Equal(FileVerdict.Rejected, outcome.Verdict);
        var entry = Assert.Single(_bed.Spool.ListQuarantine());
        Assert.Contains("VALIDATION_FAILED", await File.ReadAllTextAsync(entry.Path + ".reason.txt"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessAsync_TwoDestinations_QueuesTheSameControlIdForEach()
    {
        var file = _bed.Acquire("a.csv", "w");
        var processor = _bed.Processor(new FakeValidator(_ => PipelineTestBed.Accepted(PipelineTestBed.Result("S1", "WBC", 5m, 1))));

        await processor.ProcessAsync(file, Route with { Destinations = ["lims", "backup"] }, default);

        Assert.Equal(_bed.Spool.ListOutbox("lims")[0].ControlId, Assert.Single(_bed.Spool.ListOutbox("backup")).ControlId);
    }

    [Fact]
    public void GroupBySpecimen_InterleavedRows_KeepsFirstAppearanceOrderAndRowOrder()
    {
        var reports = FileProcessor.GroupBySpecimen(PipelineTestBed.Analyzer,
        [
            PipelineTestBed.Result("B", "WBC", 1m, 1),
            PipelineTestBed.Result("A", "WBC", 2m, 2),
            PipelineTestBed.Result("B", "RBC", 3m, 3),
        ]);

        Assert.Equal(["B", "A"], reports.Select(r => r.Specimen.Id));
        Assert.Equal(["WBC", "RBC"], reports[0].Results.Select(r => r.LocalCode));
    }
}
