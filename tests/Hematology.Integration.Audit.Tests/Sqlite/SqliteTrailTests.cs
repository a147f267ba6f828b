using Hematology.Integration.Testing;
using Microsoft.Data.Sqlite;

namespace Hematology.Integration.Audit.Tests.Sqlite;

public sealed class SqliteTrailTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private string DatabasePath => _folder.Combine("audit.db");

    private SqliteAuditOptions Options(bool flush = false) => new() { DatabasePath = DatabasePath, FlushToDisk = flush };

    [Fact]
    public async Task AppendAsync_SeveralEvents_ProducesTheSameCanonicalChainAsJsonLines()
    {
        var jsonEntries = await Events.WriteJsonTrailAsync(_folder.Combine("json"), 5);
        var clock = new FakeTimeProvider(Events.Start);
        var sqliteEntries = new List<AuditEntry>();
        await using (var trail = await AuditTrail.OpenSqliteAsync(Options(), timeProvider: clock))
        {
            for (var i = 1; i <= 5; i++)
            {
                sqliteEntries.Add(await trail.AppendAsync(Events.Numbered(i)));
                clock.Advance(TimeSpan.FromMinutes(1));
            }
        }

        Assert.Equal(jsonEntries.Select(e => e.Hash), sqliteEntries.Select(e => e.Hash));
        var report = await AuditTrail.CreateVerifier(new AuditVerifierOptions { VerifyArtifacts = false }).VerifyAsync(AuditTrail.ReadSqlite(DatabasePath));
        Assert.True(report.IsValid);
        Assert.Equal(5, report.EntriesVerified);
        Assert.Equal(new AuditAnchor(5, sqliteEntries[^1].Hash), await AuditTrail.ReadSqlite(DatabasePath).ReadHeadAsync());
    }

    [Theory]
    [InlineData("UPDATE audit_entries SET type = 'x' WHERE seq = 2", "UPDATE refused")]
    [InlineData("DELETE FROM audit_entries WHERE seq = 2", "DELETE refused")]
    [InlineData("DELETE FROM audit_entries", "DELETE refused")]
    [InlineData("UPDATE audit_head SET seq = 1", "only moves forward")]
    [InlineData("DELETE FROM audit_head", "cannot be deleted")]
    public async Task Database_ChangeToCommittedRows_IsRefusedByTriggers(string sql, string message)
    {
        await WriteAsync(3);
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;

        var error = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.True((await VerifyAsync()).IsValid);
    }

    [Fact]
    public async Task VerifyAsync_RowEditedAfterTriggersDropped_ReportsEditedAtThatEntry()
    {
        await WriteAsync(6);
        await ExecuteAsync("DROP TRIGGER audit_entries_refuse_update; UPDATE audit_entries SET body = replace(body, 'C000004', 'C000444') WHERE seq = 4;");

        var report = await VerifyAsync();

        Assert.Equal(AuditBreakKind.Edited, report.ChainBreak!.Kind);
        Assert.Equal(4, report.ChainBreak.Sequence);
        Assert.Equal("audit.db seq 4", report.ChainBreak.Location);
    }

    [Fact]
    public async Task VerifyAsync_RowDeletedAfterTriggersDropped_ReportsRemoved()
    {
        await WriteAsync(6);
        await ExecuteAsync("DROP TRIGGER audit_entries_refuse_delete; DELETE FROM audit_entries WHERE seq = 3;");

        var report = await VerifyAsync();

        Assert.Equal(AuditBreakKind.Removed, report.ChainBreak!.Kind);
        Assert.Equal(3, report.ChainBreak.Sequence);
    }

    [Fact]
    public async Task VerifyAsync_LastRowsDeletedAfterTriggersDropped_ReportsTruncated()
    {
        await WriteAsync(6);
        await ExecuteAsync("DROP TRIGGER audit_entries_refuse_delete; DELETE FROM audit_entries WHERE seq > 4;");

        var report = await VerifyAsync();

        Assert.Equal(AuditBreakKind.Truncated, report.ChainBreak!.Kind);
        Assert.Equal(5, report.ChainBreak.Sequence);
    }

    [Fact]
    public async Task VerifyAsync_RowEditedAndRehashedAfterTriggersDropped_ReportsEditedAtThatEntry()
    {
        await WriteAsync(6);
        var body = await ScalarAsync("SELECT body FROM audit_entries WHERE seq = 4;");
        var forged = body.Replace("C000004", "C000444", StringComparison.Ordinal);
        await ExecuteAsync($"DROP TRIGGER audit_entries_refuse_update; UPDATE audit_entries SET body = '{forged}', hash = '{Sha256Hex(forged)}' WHERE seq = 4;");

        var report = await VerifyAsync();

        Assert.Equal(AuditBreakKind.Edited, report.ChainBreak!.Kind);
        Assert.Equal(4, report.ChainBreak.Sequence);
        Assert.Contains("re-hashed", report.ChainBreak.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_TwoRowsSwappedByRenumberingAfterTriggersDropped_ReportsReorderedAtTheFirst()
    {
        await WriteAsync(20);
        await ExecuteAsync("""
            DROP TRIGGER audit_entries_refuse_update;
            UPDATE audit_entries SET seq = -12 WHERE seq = 12;
            UPDATE audit_entries SET seq = 12 WHERE seq = 13;
            UPDATE audit_entries SET seq = 13 WHERE seq = -12;
            """);

        var report = await VerifyAsync();

        Assert.Equal(AuditBreakKind.Reordered, report.ChainBreak!.Kind);
        Assert.Equal(12, report.ChainBreak.Sequence);
        Assert.Equal("audit.db seq 12 (the row holds entry 13)", report.ChainBreak.Location);
        Assert.Equal(11, report.EntriesVerified);
    }

    [Fact]
    public async Task VerifyAsync_ForgedRowSlippedInByRenumberingAfterTriggersDropped_ReportsInsertedAtTheForgery()
    {
        await WriteAsync(20);
        var body = await ScalarAsync("SELECT body FROM audit_entries WHERE seq = 8;");
        var forged = body.Replace("C000008", "FORGED1", StringComparison.Ordinal);

        // Make room at seq 8 (in two steps, so that no two rows ever share a key) and put a self-consistent forgery there.
        await ExecuteAsync($"""
            DROP TRIGGER audit_entries_refuse_update;
            UPDATE audit_entries SET seq = seq + 100 WHERE seq >= 8;
            UPDATE audit_entries SET seq = seq - 99 WHERE seq >= 108;
            INSERT INTO audit_entries (seq, ts, type, body, hash) VALUES (8, 'x', 'message.queued', '{forged}', '{Sha256Hex(forged)}');
            """);

        var report = await VerifyAsync();

        Assert.Equal(AuditBreakKind.Inserted, report.ChainBreak!.Kind);
        Assert.Equal(8, report.ChainBreak.Sequence);
        Assert.Equal("audit.db seq 8", report.ChainBreak.Location);
    }

    [Fact]
    public async Task OpenSqliteAsync_HeadAheadOfEntries_IsRefused()
    {
        await WriteAsync(4);
        await ExecuteAsync("DROP TRIGGER audit_entries_refuse_delete; DELETE FROM audit_entries WHERE seq = 4;");

        var error = await Assert.ThrowsAsync<AuditTrailException>(async () => await AuditTrail.OpenSqliteAsync(Options()));

        Assert.Contains("head records entry 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppendAsync_EightConcurrentWriters_KeepOneValidChain()
    {
        await using (var trail = await AuditTrail.OpenSqliteAsync(Options(flush: true)))
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                for (var i = 0; i < 100; i++)
                {
                    await trail.AppendAsync(Events.Numbered((w * 100) + i));
                }
            })));
        }

        var report = await VerifyAsync();
        Assert.True(report.IsValid, report.ChainBreak?.Message);
        Assert.Equal(800, report.EntriesVerified);
    }

    [Fact]
    public async Task AppendAsync_TwoStoresOnOneDatabase_InterleaveIntoOneChain()
    {
        await using (var first = await AuditTrail.OpenSqliteAsync(Options()))
        await using (var second = await AuditTrail.OpenSqliteAsync(Options()))
        {
            for (var i = 0; i < 20; i++)
            {
                await (i % 2 == 0 ? first : second).AppendAsync(Events.Numbered(i));
            }
        }

        var report = await VerifyAsync();
        Assert.True(report.IsValid, report.ChainBreak?.Message);
        Assert.Equal(20, report.EntriesVerified);
    }

    [Fact]
    public async Task Database_AfterOpen_UsesWriteAheadLogging()
    {
        await WriteAsync(1);
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    private async Task WriteAsync(int count)
    {
        var clock = new FakeTimeProvider(Events.Start);
        await using var trail = await AuditTrail.OpenSqliteAsync(Options(), timeProvider: clock);
        for (var i = 1; i <= count; i++)
        {
            await trail.AppendAsync(Events.Numbered(i));
            clock.Advance(TimeSpan.FromSeconds(30));
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<string> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static string Sha256Hex(string body) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(body)));

    private Task<AuditVerificationReport> VerifyAsync() =>
        AuditTrail.CreateVerifier(new AuditVerifierOptions { VerifyArtifacts = false }).VerifyAsync(AuditTrail.ReadSqlite(DatabasePath)).AsTask();
}
