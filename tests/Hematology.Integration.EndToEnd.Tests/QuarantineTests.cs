using System.Text.Json;
using Hematology.Integration.EndToEnd.Tests.Infrastructure;
using Hematology.Integration.Monitoring;
using Hematology.Integration.Validation;

namespace Hematology.Integration.EndToEnd.Tests;

/// <summary>A rejected file and rejected rows are quarantined with machine- and human-readable reasons; the rest is delivered.</summary>
public sealed class QuarantineTests : IDisposable
{
    private readonly Scenario _scenario = new();

    public void Dispose() => _scenario.Dispose();

    [Fact]
    public async Task Pipeline_BadFileAndBadRows_AreQuarantinedWithReasonsAndTheRestIsDelivered()
    {
        var files = Exports.Drop(_scenario.DropFolder, [Exports.Valid(1), Exports.WithBadRows(2), Exports.MissingColumns(3)]);
        await using var lims = await _scenario.StartLimsAsync();
        var configure = _scenario.Configure();

        await using (var pipeline = await PipelineUnderTest.StartAsync(configure))
        {
            await pipeline.WaitForIdleAsync(TimeSpan.FromSeconds(90));
            var snapshot = pipeline.Monitor.GetSnapshot();
            Assert.Equal(1, snapshot.FilesAccepted);
            Assert.Equal(1, snapshot.FilesWithRejectedRows);
            Assert.Equal(1, snapshot.FilesRejected);
            Assert.Equal(2, snapshot.RowsRejected);
            Assert.Equal(4, snapshot.MessagesDelivered);
        }

        // Delivered: both specimens of file 1, and both specimens of file 2 (the second with its one valid row).
        Assert.Equal([.. Exports.ControlIds(files[0].Content, 2), .. Exports.ControlIds(files[1].Content, 2)], _scenario.ReceivedControlIds());

        var rejectedFile = Assert.Single(_scenario.QuarantineItems("invalid_file"));
        Assert.Equal(files[2].Content, File.ReadAllText(rejectedFile));
        using (var reason = JsonDocument.Parse(File.ReadAllText(rejectedFile + ".reason.json")))
        {
            Assert.Equal("invalid_file", reason.RootElement.GetProperty("reason").GetString());
            Assert.Equal(ValidationIssueCodes.MissingColumns, reason.RootElement.GetProperty("code").GetString());
        }

        Assert.Contains("Reason: invalid_file", File.ReadAllText(rejectedFile + ".reason.txt"), StringComparison.Ordinal);

        var rejectedRows = Assert.Single(_scenario.QuarantineItems("rejected_rows"));
        var rows = File.ReadAllText(rejectedRows).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Exports.Header.TrimEnd('\n'), rows[0]);
        Assert.Equal(3, rows.Length);
        Assert.Contains(",abc,", rows[1], StringComparison.Ordinal);
        Assert.Contains(",furlongs,", rows[2], StringComparison.Ordinal);
        var reasonText = File.ReadAllText(rejectedRows + ".reason.txt");
        // Data rows 6 and 7 (the header is not a data row), with the column and the code of each issue.
        Assert.Matches("row 6, column [A-Za-z_]+: " + ValidationIssueCodes.ValueNotNumeric, reasonText);
        Assert.Matches("row 7, column [A-Za-z_]+: " + ValidationIssueCodes.UnknownUnit, reasonText);

        var audit = await PipelineUnderTest.ReadAuditAsync(configure.Options(_scenario));
        Assert.Single(audit, e => e.Event.Type == "file.rejected" && e.Event.Reason == ValidationIssueCodes.MissingColumns);
        Assert.Single(audit, e => e.Event.Type == "row.quarantined" && e.Event.Details!["rows"] == "2");
        var report = await PipelineUnderTest.VerifyAuditAsync(configure.Options(_scenario));
        Assert.True(report.IsValid, report.ChainBreak?.Message ?? string.Join("; ", report.ArtifactProblems));
    }

    [Fact]
    public async Task Monitor_RejectedFile_IsReportedWithItsIssueCode()
    {
        Exports.Drop(_scenario.DropFolder, [Exports.MissingColumns(1)]);
        await using var lims = await _scenario.StartLimsAsync();
        await using var pipeline = await PipelineUnderTest.StartAsync(_scenario.Configure());

        await pipeline.WaitForIdleAsync(TimeSpan.FromSeconds(60));
        var settled = (await pipeline.ActivitiesAsync(a => a.OfType<FileSettled>().Any(), TimeSpan.FromSeconds(10))).OfType<FileSettled>().FirstOrDefault();

        Assert.NotNull(settled);
        Assert.Equal(FileVerdict.Rejected, settled.Verdict);
        Assert.Equal(ValidationIssueCodes.MissingColumns, settled.IssueCode);
        Assert.Equal(0, settled.MessagesQueued);
    }
}
