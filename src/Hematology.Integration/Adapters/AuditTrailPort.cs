using Hematology.Integration.Audit;
using Hematology.Integration.Pipeline;

namespace Hematology.Integration.Adapters;

/// <summary>
/// Writes the pipeline's events to the Audit package's trail. Paths of spool artifacts are recorded relative to the
/// spool folder, with the artifact's SHA-256, so the verifier can re-hash them.
/// </summary>
internal sealed class AuditTrailPort(IAuditTrail trail, string spoolRoot) : IAuditPort
{
    public async ValueTask WriteAsync(PipelineAuditEvent auditEvent, CancellationToken cancellationToken)
    {
        // Only where an item comes to rest (processed/, quarantine/) is it an artifact the verifier re-hashes; the
        // acquired copy moves on, so its path is a detail.
        string? artifact = null;
        var details = auditEvent.Details;
        if (auditEvent.FilePath is { } path && string.Equals(auditEvent.Type, PipelineEvents.FileAcquired, StringComparison.Ordinal))
        {
            details = new Dictionary<string, string>(details ?? new Dictionary<string, string>(StringComparer.Ordinal), StringComparer.Ordinal) { ["localPath"] = Relative(path) };
        }
        else if (auditEvent.FilePath is { } restingPath)
        {
            artifact = Relative(restingPath);
        }

        await trail.AppendAsync(new AuditEvent
        {
            Type = auditEvent.Type,
            CorrelationId = auditEvent.CorrelationId,
            AnalyzerId = auditEvent.AnalyzerId,
            FileName = auditEvent.FileName,
            FileSha256 = auditEvent.FileSha256,
            ArtifactPath = artifact,
            ArtifactSha256 = artifact is not null && auditEvent.Type is PipelineEvents.FileProcessed or PipelineEvents.FileRejected ? auditEvent.FileSha256 : null,
            MessageType = auditEvent.MessageType,
            ControlId = auditEvent.ControlId,
            Destination = auditEvent.Destination,
            AckStatus = auditEvent.AckStatus,
            LatencyMs = auditEvent.LatencyMs,
            RetryCount = auditEvent.RetryCount,
            Disposition = auditEvent.Disposition,
            Operator = auditEvent.Operator,
            Reason = auditEvent.Reason,
            Details = details,
        }, cancellationToken).ConfigureAwait(false);
    }

    private string Relative(string path)
    {
        var full = Path.GetFullPath(path);
        return full.StartsWith(spoolRoot, StringComparison.Ordinal) ? Path.GetRelativePath(spoolRoot, full).Replace('\\', '/') : full;
    }
}

/// <summary>
/// The default <see cref="IAuditTrail"/> of the pipeline: the JSON Lines or SQLite store named by the options, opened
/// on first use (opening repairs a torn tail left by a crash) and closed with the container — also a container that a
/// host disposes synchronously (<c>using</c> rather than <c>await using</c>), which would otherwise throw.
/// </summary>
internal sealed class ConfiguredAuditTrail(HematologyOptions options, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory, TimeProvider timeProvider) : IAuditTrail, IAsyncDisposable, IDisposable
{
    private readonly SemaphoreSlim _open = new(1, 1);
    private volatile IAuditTrailStore? _store;
    private int _atGate;

    public ValueTask<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        // Events keep the order of the calls: once the store is open and nobody waits at the gate, an event is queued
        // before this returns; until then every call queues its event in turn behind the gate.
        var store = _store;
        return store is not null && Volatile.Read(ref _atGate) == 0
            ? store.AppendAsync(auditEvent, cancellationToken)
            : AppendThroughGateAsync(auditEvent, cancellationToken);
    }

    private async ValueTask<AuditEntry> AppendThroughGateAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _atGate);
        ValueTask<AuditEntry> appended;
        try
        {
            await _open.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var store = _store ?? await OpenAsync(cancellationToken).ConfigureAwait(false);
                appended = store.AppendAsync(auditEvent, cancellationToken);
            }
            finally
            {
                _open.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _atGate);
        }

        return await appended.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync().ConfigureAwait(false);
        }

        _open.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    // Called with the gate held.
    private async ValueTask<IAuditTrailStore> OpenAsync(CancellationToken cancellationToken) =>
        _store = options.Audit.Store == AuditStoreKind.Sqlite
            ? await AuditTrail.OpenSqliteAsync(StageOptions.Sqlite(options), loggerFactory, timeProvider, cancellationToken).ConfigureAwait(false)
            : await AuditTrail.OpenJsonLinesAsync(StageOptions.JsonLines(options), loggerFactory, timeProvider, cancellationToken).ConfigureAwait(false);
}
