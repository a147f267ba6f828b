namespace Hematology.Integration;

/// <summary>Where the tamper-evident audit trail is kept.</summary>
public enum AuditStoreKind
{
    /// <summary>Append-only JSON Lines files, each entry chained to the previous by SHA-256.</summary>
    JsonLines,

    /// <summary>A SQLite database whose triggers refuse UPDATE and DELETE, with the same chain.</summary>
    Sqlite,
}

/// <summary>The audit trail of the pipeline.</summary>
public sealed class PipelineAuditOptions
{
    /// <summary>Gets or sets the store.</summary>
    /// <value>The default is <see cref="AuditStoreKind.JsonLines"/>.</value>
    public AuditStoreKind Store { get; set; } = AuditStoreKind.JsonLines;

    /// <summary>Gets or sets the folder (JSON Lines) or database file (SQLite); relative paths are under the spool folder.</summary>
    /// <value>The default is <see langword="null"/>: <c>&lt;spool&gt;/audit/</c> for JSON Lines, <c>&lt;spool&gt;/audit.db</c> for SQLite.</value>
    public string? Path { get; set; }

    /// <summary>Gets or sets whether each write is flushed to disk (fsync) before the pipeline goes on.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool FlushToDisk { get; set; } = true;
}
