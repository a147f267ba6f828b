using System.Globalization;
using System.Text;

namespace Hematology.Integration.Audit.JsonLines;

/// <summary>
/// The head marker <c>&lt;prefix&gt;.head</c>: the last committed sequence and hash, rewritten in place after each
/// batch (after the batch is durable), so a cut-off tail of the trail shows as a head the trail no longer reaches.
/// </summary>
internal sealed class HeadFile : IDisposable
{
    // "seq=" + 20 digits + " hash=" + 64 hex + "\n": a fixed length, so a rewrite never leaves old bytes behind.
    private const int Length = 4 + 20 + 6 + 64 + 1;
    private readonly FileStream _stream;
    private readonly byte[] _buffer = new byte[Length];

    private HeadFile(FileStream stream) => _stream = stream;

    public static HeadFile Open(string path) =>
        new(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 1));

    public static AuditAnchor? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
        return Parse(stream);
    }

    public AuditAnchor? Read()
    {
        _stream.Position = 0;
        return Parse(_stream);
    }

    public void Write(long sequence, string hash)
    {
        var text = $"seq={sequence.ToString("D20", CultureInfo.InvariantCulture)} hash={hash}\n";
        Encoding.ASCII.GetBytes(text, _buffer);
        _stream.Position = 0;
        _stream.Write(_buffer);
    }

    public void Flush() => _stream.Flush(flushToDisk: true);

    public void Dispose() => _stream.Dispose();

    private static AuditAnchor? Parse(FileStream stream)
    {
        var buffer = new byte[Length];
        var read = stream.ReadAtLeast(buffer, Length, throwOnEndOfStream: false);
        if (read == 0)
        {
            return null;
        }

        var text = Encoding.ASCII.GetString(buffer, 0, read);
        if (read != Length || !text.StartsWith("seq=", StringComparison.Ordinal) || !string.Equals(text[24..30], " hash=", StringComparison.Ordinal) ||
            !long.TryParse(text.AsSpan(4, 20), NumberStyles.None, CultureInfo.InvariantCulture, out var seq) ||
            !Sha256Digest.TryParse(text.Substring(30, 64), out var hash))
        {
            throw new InvalidDataException($"The head marker {stream.Name} is not in the expected form.");
        }

        return new AuditAnchor(seq, hash.Hex);
    }
}
