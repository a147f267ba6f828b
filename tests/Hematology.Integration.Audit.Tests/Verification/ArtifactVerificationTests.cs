using System.Text;
using Hematology.Integration.Testing;

namespace Hematology.Integration.Audit.Tests.Verification;

public sealed class ArtifactVerificationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string TrailPath => _folder.Combine("trail");

    private string SpoolPath => _folder.Combine("spool");

    [Fact]
    public async Task VerifyAsync_RetainedFilesUnchanged_IsValid()
    {
        await WriteAsync(("quarantine/invalid_file/a.csv", "a,b\n1,2\n"), ("processed/b.csv", "x\n"));

        var report = await VerifyAsync();

        Assert.True(report.IsValid);
        Assert.Equal(2, report.ArtifactsChecked);
    }

    [Fact]
    public async Task VerifyAsync_RetainedFileAltered_ReportsHashMismatchWithBothDigests()
    {
        await WriteAsync(("quarantine/invalid_file/a.csv", "a,b\n1,2\n"), ("processed/b.csv", "x\n"));
        await File.WriteAllTextAsync(Path.Combine(SpoolPath, "processed/b.csv"), "y\n");

        var report = await VerifyAsync();

        var problem = Assert.Single(report.ArtifactProblems);
        Assert.Equal(AuditArtifactProblemKind.HashMismatch, problem.Kind);
        Assert.Equal(2, problem.Sequence);
        Assert.Equal(Sha256Digest.Compute("x\n"u8).Hex, problem.ExpectedSha256);
        Assert.Equal(Sha256Digest.Compute("y\n"u8).Hex, problem.ActualSha256);
        Assert.Null(report.ChainBreak);
        Assert.False(report.IsValid);
    }

    [Fact]
    public async Task VerifyAsync_RetainedFileMissing_ReportsMissing()
    {
        await WriteAsync(("quarantine/invalid_file/a.csv", "a,b\n1,2\n"));
        File.Delete(Path.Combine(SpoolPath, "quarantine/invalid_file/a.csv"));

        var report = await VerifyAsync();

        var problem = Assert.Single(report.ArtifactProblems);
        Assert.Equal(AuditArtifactProblemKind.Missing, problem.Kind);
        Assert.EndsWith("a.csv", problem.Path, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AuditEventTypes.ArtifactPurged)]
    [InlineData(AuditEventTypes.FileRequeued)]
    public async Task VerifyAsync_FileLaterPurgedOrRequeued_IsNoLongerExpected(string type)
    {
        await WriteAsync(("quarantine/invalid_file/a.csv", "a,b\n1,2\n"));
        File.Delete(Path.Combine(SpoolPath, "quarantine/invalid_file/a.csv"));
        await using (var trail = await AuditTrail.OpenJsonLinesAsync(Events.JsonOptions(TrailPath), timeProvider: new FakeTimeProvider(Events.Start.AddHours(1))))
        {
            await trail.AppendAsync(new AuditEvent { Type = type, ArtifactPath = "quarantine/invalid_file/a.csv", Operator = "j.doe", Reason = "retention" });
        }

        var report = await VerifyAsync();

        Assert.True(report.IsValid);
        Assert.Equal(0, report.ArtifactsChecked);
    }

    [Fact]
    public async Task VerifyAsync_ArtifactsNotRequested_SkipsThem()
    {
        await WriteAsync(("quarantine/invalid_file/a.csv", "a,b\n1,2\n"));
        File.Delete(Path.Combine(SpoolPath, "quarantine/invalid_file/a.csv"));

        var report = await AuditTrail.CreateVerifier(new AuditVerifierOptions { ArtifactRoot = SpoolPath, VerifyArtifacts = false }).VerifyAsync(AuditTrail.ReadJsonLines(TrailPath));

        Assert.True(report.IsValid);
    }

    private async Task WriteAsync(params (string Path, string Content)[] files)
    {
        var clock = new FakeTimeProvider(Events.Start);
        await using var trail = await AuditTrail.OpenJsonLinesAsync(Events.JsonOptions(TrailPath), timeProvider: clock);
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(SpoolPath, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, content, new UTF8Encoding(false));
            await trail.AppendAsync(new AuditEvent
            {
                Type = path.StartsWith("quarantine", StringComparison.Ordinal) ? AuditEventTypes.FileRejected : AuditEventTypes.FileProcessed,
                FileName = Path.GetFileName(path),
                ArtifactPath = path,
                ArtifactSha256 = Sha256Digest.Compute(Encoding.UTF8.GetBytes(content)),
            });
            clock.Advance(TimeSpan.FromMinutes(1));
        }
    }

    private Task<AuditVerificationReport> VerifyAsync() =>
        AuditTrail.CreateVerifier(new AuditVerifierOptions { ArtifactRoot = SpoolPath }).VerifyAsync(AuditTrail.ReadJsonLines(TrailPath)).AsTask();
}
