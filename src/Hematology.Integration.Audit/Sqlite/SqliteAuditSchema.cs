namespace Hematology.Integration.Audit.Sqlite;

/// <summary>The SQLite trail's schema: entries with their canonical body and hash, a head row, and triggers that refuse changes.</summary>
internal static class SqliteAuditSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS audit_entries (
            seq INTEGER PRIMARY KEY,
            ts TEXT NOT NULL,
            type TEXT NOT NULL,
            correlation_id TEXT NULL,
            control_id TEXT NULL,
            body TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS audit_entries_ts ON audit_entries (ts);
        CREATE INDEX IF NOT EXISTS audit_entries_correlation ON audit_entries (correlation_id) WHERE correlation_id IS NOT NULL;
        CREATE TABLE IF NOT EXISTS audit_head (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            seq INTEGER NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE TRIGGER IF NOT EXISTS audit_entries_refuse_update BEFORE UPDATE ON audit_entries
        BEGIN
            SELECT RAISE(ABORT, 'audit_entries is append-only: UPDATE refused');
        END;
        CREATE TRIGGER IF NOT EXISTS audit_entries_refuse_delete BEFORE DELETE ON audit_entries
        BEGIN
            SELECT RAISE(ABORT, 'audit_entries is append-only: DELETE refused');
        END;
        CREATE TRIGGER IF NOT EXISTS audit_head_forward_only BEFORE UPDATE ON audit_head
        WHEN NEW.seq <= OLD.seq
        BEGIN
            SELECT RAISE(ABORT, 'audit_head only moves forward');
        END;
        CREATE TRIGGER IF NOT EXISTS audit_head_refuse_delete BEFORE DELETE ON audit_head
        BEGIN
            SELECT RAISE(ABORT, 'audit_head cannot be deleted');
        END;
        """;
}
