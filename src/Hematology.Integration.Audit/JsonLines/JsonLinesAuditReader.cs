using System.Buffers;
using System.Runtime.CompilerServices;
using Hematology.Integration.Audit.Storage;

namespace Hematology.Integration.Audit.JsonLines;

/// <summary>Reads a JSON Lines trail: every daily file in order, line by line. Needs no lock.</summary>
internal sealed class JsonLinesAuditReader : IAuditTrailReader
{
    private const int ChunkSize = 1 << 16;
    private readonly string _directory;
    private readonly string _prefix;

    public JsonLinesAuditReader(string directory, string prefix)
    {
        _directory = directory;
        _prefix = prefix;
    }

    public ValueTask<AuditAnchor?> ReadHeadAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(HeadFile.Read(TrailFiles.HeadPath(_directory, _prefix)));

    public async IAsyncEnumerable<AuditRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var files = TrailFiles.List(_directory, _prefix);
        var records = new List<AuditRecord>();
        for (var f = 0; f < files.Count; f++)
        {
            var path = files[f].Path;
            var name = Path.GetFileName(path);
            var isLast = f == files.Count - 1;
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1, useAsync: false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
                try
                {
                    var filled = 0;
                    long line = 0;
                    while (true)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        if (filled == buffer.Length)
                        {
                            var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                            buffer.AsSpan(0, filled).CopyTo(bigger);
                            ArrayPool<byte>.Shared.Return(buffer);
                            buffer = bigger;
                        }

                        var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                        if (read == 0)
                        {
                            if (filled > 0)
                            {
                                line++;
                                var location = $"{name} line {line}";
                                records.Add(isLast
                                    ? new AuditRecord { Location = location, IsTornTail = true, Problem = $"an incomplete last line ({filled} bytes without a newline): a write cut short, never acknowledged" }
                                    : new AuditRecord { Location = location, Problem = $"an incomplete line ({filled} bytes without a newline) at the end of a file that is not the last" });
                            }

                            break;
                        }

                        filled += read;
                        var consumed = SplitLines(buffer.AsSpan(0, filled), name, ref line, records);
                        buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                        filled -= consumed;
                        foreach (var record in records)
                        {
                            yield return record;
                        }

                        records.Clear();
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                foreach (var record in records)
                {
                    yield return record;
                }

                records.Clear();
            }
        }
    }

    private static int SplitLines(ReadOnlySpan<byte> data, string name, ref long line, List<AuditRecord> records)
    {
        var consumed = 0;
        while (true)
        {
            var end = data[consumed..].IndexOf((byte)'\n');
            if (end < 0)
            {
                return consumed;
            }

            line++;
            var text = data.Slice(consumed, end);
            records.Add(text.IsEmpty
                ? new AuditRecord { Location = $"{name} line {line}", Problem = "an empty line" }
                : AuditEntryFormat.Parse(text, $"{name} line {line}"));
            consumed += end + 1;
        }
    }
}
