using System.Buffers;
using System.Data;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Hematology.Integration.Audit.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Hematology.Integration.Audit.Sqlite;

/// <summary>
/// The SQLite trail: the same canonical entries and chain as the JSON Lines trail, one row per entry, in WAL mode.
/// Each batch is one <c>BEGIN IMMEDIATE</c> transaction that reads the head inside the transaction, so two
/// processes appending to one database still build one chain. Triggers refuse UPDATE and DELETE.
/// </summary>
internal sealed partial class SqliteAuditStore : IAuditTrailStore, IAuditBatchSink
{
    private readonly SqliteAuditOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly AuditEventRules _rules;
    private readonly Lock _gate = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 12);
    private readonly string _connectionString;
    private SqliteConnection? _connection;
    private SqliteCommand? _insert;
    private SqliteCommand? _readHead;
    private SqliteCommand? _writeHead;
    private GroupCommitQueue? _queue;
    private bool _disposed;

    public SqliteAuditStore(SqliteAuditOptions options, ILoggerFactory? loggerFactory, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        AuditOptionChecks.ThrowIfInvalid(new SqliteAuditOptionsValidator(), options);
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger<SqliteAuditStore>();
        _rules = new AuditEventRules(options.ForbiddenDetailKeys, options.MaxDetailValueLength);
        DatabasePath = Path.GetFullPath(options.DatabasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string DatabasePath { get; }

    public ValueTask<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        var part = AuditEntryFormat.SerializeEvent(auditEvent, _rules);
        return Open().EnqueueAsync(auditEvent, part, cancellationToken);
    }

    public IAsyncEnumerable<AuditRecord> ReadAsync(CancellationToken cancellationToken = default)
    {
        Open();
        return ReadRecordsAsync(DatabasePath, cancellationToken);
    }

    public ValueTask<AuditAnchor?> ReadHeadAsync(CancellationToken cancellationToken = default)
    {
        Open();
        return ReadHeadFromAsync(DatabasePath, cancellationToken);
    }

    public GroupCommitQueue Open()
    {
        if (_queue is { } queue)
        {
            return queue;
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_queue is not null)
            {
                return _queue;
            }

            var directory = Path.GetDirectoryName(DatabasePath);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            var connection = new SqliteConnection(_connectionString);
            try
            {
                connection.Open();
                Execute(connection, "PRAGMA journal_mode=WAL;");
                Execute(connection, _options.FlushToDisk ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
                Execute(connection, SqliteAuditSchema.Create);
                _insert = connection.CreateCommand();
                _insert.CommandText = "INSERT INTO audit_entries (seq, ts, type, correlation_id, control_id, body, hash) VALUES ($seq, $ts, $type, $correlation, $control, $body, $hash);";
                foreach (var name in new[] { "$seq", "$ts", "$type", "$correlation", "$control", "$body", "$hash" })
                {
                    _insert.Parameters.Add(new SqliteParameter { ParameterName = name });
                }

                _readHead = connection.CreateCommand();
                _readHead.CommandText = "SELECT seq, hash FROM audit_head WHERE id = 1;";
                _writeHead = connection.CreateCommand();
                _writeHead.CommandText = "INSERT INTO audit_head (id, seq, hash) VALUES (1, $seq, $hash) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash;";
                _writeHead.Parameters.Add(new SqliteParameter { ParameterName = "$seq" });
                _writeHead.Parameters.Add(new SqliteParameter { ParameterName = "$hash" });
                CheckHead(connection);
            }
            catch
            {
                connection.Dispose();
                throw;
            }

            _connection = connection;
            _queue = new GroupCommitQueue(this, _options.MaxBatchSize, _logger, DatabasePath);
            LogOpened(_logger, DatabasePath);
            return _queue;
        }
    }

    public void Commit(IReadOnlyList<PendingAppend> batch, List<AuditEntry> committed)
    {
        var connection = _connection!;
        using var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
        _readHead!.Transaction = transaction;
        _insert!.Transaction = transaction;
        _writeHead!.Transaction = transaction;
        var (sequence, hash) = ReadHead(_readHead);
        var now = _timeProvider.GetUtcNow().ToUniversalTime();
        var timestamp = AuditEntryFormat.FormatTimestamp(now);
        foreach (var pending in batch)
        {
            sequence++;
            var previous = hash;
            _buffer.ResetWrittenCount();
            AuditEntryFormat.WriteBody(_buffer, sequence, timestamp, previous, pending.EventPart);
            hash = AuditEntryFormat.ComputeHash(_buffer.WrittenSpan);
            var p = _insert.Parameters;
            p[0].Value = sequence;
            p[1].Value = timestamp;
            p[2].Value = pending.Event.Type;
            p[3].Value = (object?)pending.Event.CorrelationId?.Value ?? DBNull.Value;
            p[4].Value = (object?)pending.Event.ControlId ?? DBNull.Value;
            p[5].Value = Encoding.UTF8.GetString(_buffer.WrittenSpan);
            p[6].Value = hash;
            _insert.ExecuteNonQuery();
            committed.Add(new AuditEntry { Sequence = sequence, Timestamp = now, PreviousHash = previous, Hash = hash, Event = pending.Event });
        }

        _writeHead.Parameters[0].Value = sequence;
        _writeHead.Parameters[1].Value = hash;
        _writeHead.ExecuteNonQuery();
        transaction.Commit();
    }

    public async ValueTask DisposeAsync()
    {
        GroupCommitQueue? queue;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            queue = _queue;
        }

        if (queue is not null)
        {
            await queue.DisposeAsync().ConfigureAwait(false);
        }

        _insert?.Dispose();
        _readHead?.Dispose();
        _writeHead?.Dispose();
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Reads a trail database without writing to it.</summary>
    internal static async IAsyncEnumerable<AuditRecord> ReadRecordsAsync(string databasePath, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var connection = OpenReadOnly(databasePath);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = "SELECT seq, body, hash FROM audit_entries ORDER BY seq;";
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var name = Path.GetFileName(databasePath);
                    var buffer = new ArrayBufferWriter<byte>(1 << 12);
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        yield return ToRecord(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), name, buffer);
                    }
                }
            }
        }
    }

    internal static async ValueTask<AuditAnchor?> ReadHeadFromAsync(string databasePath, CancellationToken cancellationToken)
    {
        var connection = OpenReadOnly(databasePath);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = "SELECT seq, hash FROM audit_head WHERE id = 1;";
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? new AuditAnchor(reader.GetInt64(0), reader.GetString(1)) : null;
                }
            }
        }
    }

    private static AuditRecord ToRecord(long seq, string body, string hash, string name, ArrayBufferWriter<byte> buffer)
    {
        var location = $"{name} seq {seq.ToString(CultureInfo.InvariantCulture)}";
        buffer.ResetWrittenCount();
        var span = buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(body.Length + hash.Length) + AuditEntryFormat.SuffixLength);
        var n = Encoding.UTF8.GetBytes(body, span);
        AuditEntryFormat.HashPrefix.CopyTo(span[n..]);
        n += AuditEntryFormat.HashPrefix.Length;
        n += Encoding.UTF8.GetBytes(hash, span[n..]);
        span[n++] = (byte)'"';
        span[n++] = (byte)'}';
        var record = AuditEntryFormat.Parse(span[..n], location);

        // The seq column only orders the rows; the entry's own sequence (inside the hashed body) is what the chain checks,
        // so rows renumbered to move or slip in an entry show as reordered or inserted, at the entry concerned.
        if (record.Entry is { } entry && entry.Sequence != seq)
        {
            return record with { Location = $"{location} (the row holds entry {entry.Sequence.ToString(CultureInfo.InvariantCulture)})" };
        }

        return record;
    }

    private static SqliteConnection OpenReadOnly(string databasePath)
    {
        if (!File.Exists(databasePath))
        {
            throw new AuditTrailException($"The audit database {databasePath} does not exist.");
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private void CheckHead(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM audit_entries;";
        var last = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        var (headSeq, _) = ReadHead(_readHead!);
        if (headSeq != last)
        {
            throw new AuditTrailException($"The audit database's head records entry {headSeq} but the last entry is {last}: the trail was altered outside the library. Run the verifier.");
        }
    }

    private static (long Sequence, string Hash) ReadHead(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : (0, AuditEntry.GenesisHash);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "SQLite audit trail opened: {Path}")]
    private static partial void LogOpened(ILogger logger, string path);
}
