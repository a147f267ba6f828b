using Hematology.Integration.Audit.JsonLines;
using Hematology.Integration.Audit.Sqlite;
using Hematology.Integration.Audit.Verification;
using Microsoft.Extensions.Logging;

namespace Hematology.Integration.Audit;

/// <summary>Opens audit trails, readers and the verifier without dependency injection.</summary>
public static class AuditTrail
{
    /// <summary>Opens (creating when needed) a JSON Lines trail: takes its lock, repairs a torn tail and checks the head marker.</summary>
    /// <param name="options">The trail's options; validated first.</param>
    /// <param name="loggerFactory">Creates the trail's logger; none when <see langword="null"/>.</param>
    /// <param name="timeProvider">Stamps the entries; the system clock when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The open trail; dispose it to flush and release the lock.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    /// <exception cref="AuditTrailException">The trail is locked by another process, or its end was altered.</exception>
    public static ValueTask<IAuditTrailStore> OpenJsonLinesAsync(JsonLinesAuditOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var store = new JsonLinesAuditStore(options, loggerFactory, timeProvider);
        store.Open();
        return ValueTask.FromResult<IAuditTrailStore>(store);
    }

    /// <summary>Opens (creating when needed) a SQLite trail in WAL mode with its append-only triggers.</summary>
    /// <param name="options">The trail's options; validated first.</param>
    /// <param name="loggerFactory">Creates the trail's logger; none when <see langword="null"/>.</param>
    /// <param name="timeProvider">Stamps the entries; the system clock when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The open trail; dispose it to close the database.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    /// <exception cref="AuditTrailException">The database's head does not match its last entry.</exception>
    public static ValueTask<IAuditTrailStore> OpenSqliteAsync(SqliteAuditOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var store = new SqliteAuditStore(options, loggerFactory, timeProvider);
        store.Open();
        return ValueTask.FromResult<IAuditTrailStore>(store);
    }

    /// <summary>Creates a reader of a JSON Lines trail's folder. It takes no lock, so it works beside a running writer.</summary>
    /// <param name="directory">The trail's folder.</param>
    /// <param name="filePrefix">The file-name prefix.</param>
    /// <returns>The reader.</returns>
    public static IAuditTrailReader ReadJsonLines(string directory, string filePrefix = AuditDefaults.FilePrefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(filePrefix);
        return new JsonLinesAuditReader(Path.GetFullPath(directory), filePrefix);
    }

    /// <summary>Creates a reader of a SQLite trail through a read-only connection.</summary>
    /// <param name="databasePath">The database file.</param>
    /// <returns>The reader.</returns>
    public static IAuditTrailReader ReadSqlite(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        return new SqliteAuditReader(Path.GetFullPath(databasePath));
    }

    /// <summary>Creates a verifier.</summary>
    /// <param name="options">Where artifacts live and which anchor to trust; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">Stamps the report; the system clock when <see langword="null"/>.</param>
    /// <returns>The verifier.</returns>
    public static IAuditVerifier CreateVerifier(AuditVerifierOptions? options = null, TimeProvider? timeProvider = null) =>
        new AuditVerifier(options, timeProvider);
}
