using Hematology.Integration.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hematology.Integration.Audit.Tests.Options;

public sealed class AuditServiceCollectionExtensionsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task AddJsonLinesAudit_Resolved_AppendsThroughOneSharedStore()
    {
        var clock = new FakeTimeProvider(Events.Start);
        var services = new ServiceCollection().AddSingleton<TimeProvider>(clock).AddJsonLinesAudit(o => o.Directory = _folder.Path);
        await using (var provider = services.BuildServiceProvider())
        {
            var trail = provider.GetRequiredService<IAuditTrail>();
            Assert.Same(provider.GetRequiredService<IAuditTrailStore>(), trail);
            Assert.Same(trail, provider.GetRequiredService<IAuditTrailReader>());

            var entry = await trail.AppendAsync(Events.Numbered(1));

            Assert.Equal(Events.Start, entry.Timestamp);
            var report = await provider.GetRequiredService<IAuditVerifier>().VerifyAsync(provider.GetRequiredService<IAuditTrailReader>());
            Assert.True(report.IsValid);
        }

        Assert.Single(Directory.GetFiles(_folder.Path, "audit-*.jsonl"));
    }

    [Fact]
    public async Task AddSqliteAudit_Resolved_WritesTheDatabase()
    {
        var path = _folder.Combine("audit.db");
        await using (var provider = new ServiceCollection().AddSqliteAudit(o => o.DatabasePath = path).BuildServiceProvider())
        {
            await provider.GetRequiredService<IAuditTrail>().AppendAsync(Events.Numbered(1));
        }

        var report = await AuditTrail.CreateVerifier(new AuditVerifierOptions { VerifyArtifacts = false }).VerifyAsync(AuditTrail.ReadSqlite(path));
        Assert.Equal(1, report.EntriesVerified);
    }

    [Fact]
    public void AddJsonLinesAudit_InvalidOptions_FailValidation()
    {
        using var provider = new ServiceCollection().AddJsonLinesAudit(o => o.MaxBatchSize = 0).BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<JsonLinesAuditOptions>>().Value);
    }

    [Fact]
    public void AddJsonLinesAudit_StoreAlreadyRegistered_KeepsTheHostsChoice()
    {
        var mine = new ServiceCollection().AddSqliteAudit(o => o.DatabasePath = _folder.Combine("a.db")).AddJsonLinesAudit();

        Assert.Single(mine, d => d.ServiceType == typeof(IAuditTrailStore));
        Assert.Single(mine, d => d.ServiceType == typeof(IAuditTrail));
    }

    [Fact]
    public void AddJsonLinesAudit_NullServices_Throws() =>
        Assert.Throws<ArgumentNullException>(() => AuditServiceCollectionExtensions.AddJsonLinesAudit(null!));
}
