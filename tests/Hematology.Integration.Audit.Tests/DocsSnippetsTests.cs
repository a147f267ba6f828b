using Hematology.Integration.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Hematology.Integration.Audit.Tests;

/// <summary>The C# snippets of docs/audit.md and the package README, compiled and run (they use relative paths, so they change the current directory and run alone).</summary>
[Collection(SerialCurrentDirectory.Name)]
public sealed class DocsSnippetsTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _previousDirectory = Directory.GetCurrentDirectory();

    public DocsSnippetsTests() => Directory.SetCurrentDirectory(_folder.Path);

    public void Dispose()
    {
        Directory.SetCurrentDirectory(_previousDirectory);
        _folder.Dispose();
    }

    [Fact]
    public async Task Readme_Snippet_WritesVerifiesAndSummarizes()
    {
        AuditEntry committed;
        await using (var trail = await AuditTrail.OpenJsonLinesAsync(new JsonLinesAuditOptions { Directory = "audit" }))
        {
            committed = await trail.AppendAsync(new AuditEvent
            {
                Type = AuditEventTypes.AckReceived,
                ControlId = "HX1-1",
                AckStatus = "AA",
                LatencyMs = 120,
                Disposition = "sent",
            });
        }

        var report = await AuditTrail.CreateVerifier().VerifyAsync(AuditTrail.ReadJsonLines("audit"));
        // The docs name a fixed day; the test takes the day the entry was committed (never "now", which may be past midnight).
        var today = DateOnly.FromDateTime(committed.Timestamp.UtcDateTime);
        var summary = await ComplianceReport.SummarizeAsync(AuditTrail.ReadJsonLines("audit"), today, today, verification: report);
        File.WriteAllText("summary.html", ComplianceReport.ToHtml(summary));

        Assert.True(report.IsValid);
        Assert.Equal(1, summary.Messages.Acknowledged);
        Assert.True(File.Exists(Path.Combine(_folder.Path, "summary.html")));
    }

    [Fact]
    public async Task AuditDoc_VerifyAndSummarySnippets_Run()
    {
        AuditEntry committed;
        await using (var trail = await AuditTrail.OpenJsonLinesAsync(new JsonLinesAuditOptions { Directory = "audit" }))
        {
            committed = await trail.AppendAsync(new AuditEvent { Type = AuditEventTypes.FileAcquired, FileName = "XN_0600.csv" });
        }

        var verifier = AuditTrail.CreateVerifier(new AuditVerifierOptions { ArtifactRoot = _folder.Path });
        var report = await verifier.VerifyAsync(AuditTrail.ReadJsonLines("audit"));
        var reader = AuditTrail.ReadJsonLines("audit");
        var verification = await AuditTrail.CreateVerifier().VerifyAsync(reader);
        var day = DateOnly.FromDateTime(committed.Timestamp.UtcDateTime);
        var summary = await ComplianceReport.SummarizeAsync(reader, day, day, verification: verification);
        File.WriteAllText("audit-day.json", ComplianceReport.ToJson(summary));

        Assert.True(report.IsValid);
        Assert.Equal(1, summary.Files.Acquired);
    }

    [Fact]
    public void AuditDoc_DependencyInjectionSnippet_Registers()
    {
        var services = new ServiceCollection();
        services.AddJsonLinesAudit(o => o.Directory = "audit");

        Assert.Contains(services, d => d.ServiceType == typeof(IAuditTrail));
        Assert.Contains(services, d => d.ServiceType == typeof(IAuditVerifier));
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCurrentDirectory
{
    public const string Name = "current directory";
}
