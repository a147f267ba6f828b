namespace Hematology.Integration.Validation.Encoding;

/// <summary>
/// The stream the CSV reader reads: replays an already-read prefix, counts bytes, remembers the last bytes (to see
/// whether the file ends with a line break) and, when asked, keeps checking that the rest is UTF-8.
/// </summary>
internal sealed class InspectingStream : Stream
{
    private readonly Stream inner;
    private readonly Utf8Validator? validator;
    private byte[] prefix;
    private int prefixPosition;
    private readonly int prefixLength;

    public InspectingStream(Stream inner, byte[] prefix, int prefixLength, Utf8Validator? validator)
    {
        this.inner = inner;
        this.prefix = prefix;
        this.prefixLength = prefixLength;
        this.validator = validator;
    }

    public long BytesRead { get; private set; }

    public int LastByte { get; private set; } = -1;

    public int SecondLastByte { get; private set; } = -1;

    public Utf8Validator? Validator => validator;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (prefixPosition < prefixLength)
        {
            return FromPrefix(buffer);
        }

        var read = inner.Read(buffer);
        Observe(buffer[..read], fromInner: true);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (prefixPosition < prefixLength)
        {
            return FromPrefix(buffer.Span);
        }

        var read = await ReadFromAsync(inner, buffer, cancellationToken).ConfigureAwait(false);
        Observe(buffer.Span[..read], fromInner: true);
        return read;
    }

    /// <summary>
    /// Reads from <paramref name="stream"/>. A <see cref="FileStream"/> opened without
    /// <see cref="FileOptions.Asynchronous"/> is read synchronously: its <c>ReadAsync</c> would only run the same
    /// blocking read on a thread-pool thread, and the hop for every buffer costs more than the read from the page cache.
    /// </summary>
    internal static ValueTask<int> ReadFromAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (stream is FileStream { IsAsync: false })
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(stream.Read(buffer.Span));
        }

        return stream.ReadAsync(buffer, cancellationToken);
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int FromPrefix(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, prefixLength - prefixPosition);
        prefix.AsSpan(prefixPosition, count).CopyTo(buffer);
        prefixPosition += count;
        Observe(buffer[..count], fromInner: false);
        if (prefixPosition == prefixLength)
        {
            prefix = [];
        }

        return count;
    }

    private void Observe(ReadOnlySpan<byte> data, bool fromInner)
    {
        if (data.IsEmpty)
        {
            if (fromInner)
            {
                validator?.Complete();
            }

            return;
        }

        BytesRead += data.Length;
        SecondLastByte = data.Length >= 2 ? data[^2] : LastByte;
        LastByte = data[^1];
        if (fromInner)
        {
            validator?.Append(data);
        }
    }
}
