namespace Hematology.Integration.Audit.Sqlite;

/// <summary>Reads a SQLite trail through a read-only connection; needs no writer.</summary>
internal sealed class SqliteAuditReader(string databasePath) : IAuditTrailReader
{
    public IAsyncEnumerable<AuditRecord> ReadAsync(CancellationToken cancellationToken = default) =>
        SqliteAuditStore.ReadRecordsAsync(databasePath, cancellationToken);

    public ValueTask<AuditAnchor?> ReadHeadAsync(CancellationToken cancellationToken = default) =>
        SqliteAuditStore.ReadHeadFromAsync(databasePath, cancellationToken);
}
