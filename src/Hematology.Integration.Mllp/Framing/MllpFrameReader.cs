using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace Hematology.Integration.Mllp.Framing;

/// <summary>What one call of <see cref="MllpFrameReader.ReadFrameAsync"/> found.</summary>
internal enum MllpFrameStatus
{
    /// <summary>A complete frame; its payload is in <see cref="MllpFrameReadResult.Payload"/> until <see cref="MllpFrameReader.Release"/>.</summary>
    Frame,

    /// <summary>The stream ended between frames (a normal close).</summary>
    EndOfStream,

    /// <summary>The stream ended inside a frame (after a start block, before the end block).</summary>
    EndOfStreamInFrame,

    /// <summary>A frame grew beyond the maximum frame size.</summary>
    FrameTooLarge,

    /// <summary>Strict mode only: bytes other than CR/LF arrived outside a frame.</summary>
    BytesOutsideFrame,

    /// <summary>The read was cancelled through <see cref="PipeReader.CancelPendingRead"/>.</summary>
    Canceled,
}

/// <summary>The outcome of reading one frame.</summary>
/// <param name="Status">What was found.</param>
/// <param name="Payload">The message bytes between VT and FS (only for <see cref="MllpFrameStatus.Frame"/>).</param>
/// <param name="Length">The payload length, or for errors the number of bytes involved (frame so far, bytes outside a frame).</param>
internal readonly record struct MllpFrameReadResult(MllpFrameStatus Status, ReadOnlySequence<byte> Payload, long Length);

/// <summary>
/// A streaming MLLP decoder over a <see cref="PipeReader"/>: skips bytes until a start block (VT), collects until an
/// end block (FS) and consumes the CR that follows it, treats a VT inside an open frame as a resynchronisation
/// point (the partial frame is dropped and counted), and caps the frame size. Frames split across reads and several
/// frames in one read are both handled; the FS search resumes where the previous read stopped.
/// </summary>
/// <remarks>
/// After a <see cref="MllpFrameStatus.Frame"/> result the caller reads <see cref="MllpFrameReadResult.Payload"/> and
/// then calls <see cref="Release"/> before the next read. An FS followed by something other than CR still ends the
/// frame (the byte is then treated as outside any frame); a CR that arrives in a later packet is skipped silently.
/// </remarks>
internal sealed class MllpFrameReader
{
    private readonly PipeReader _reader;
    private readonly int _maxFrameSize;
    private readonly bool _strict;
    private ReadOnlySequence<byte> _buffer;
    private SequencePosition _consumed;
    private bool _pendingRelease;
    private bool _skipCarriageReturn;
    private long _searched;

    /// <summary>Creates a reader.</summary>
    /// <param name="reader">The pipe to read.</param>
    /// <param name="maxFrameSize">The largest payload accepted.</param>
    /// <param name="strict">When <see langword="true"/>, bytes other than CR/LF outside a frame end the read with <see cref="MllpFrameStatus.BytesOutsideFrame"/> (the sender's view: an ACK must be framed); otherwise they are discarded and counted.</param>
    public MllpFrameReader(PipeReader reader, int maxFrameSize, bool strict)
    {
        _reader = reader;
        _maxFrameSize = maxFrameSize;
        _strict = strict;
    }

    /// <summary>Gets the number of bytes discarded so far: outside frames, and partial frames dropped on resynchronisation.</summary>
    public long DiscardedBytes { get; private set; }

    /// <summary>Gets the number of frames whose FS was not followed by CR.</summary>
    public long FramesWithoutCarriageReturn { get; private set; }

    /// <summary>Gets the number of partial frames dropped because a new start block arrived inside them.</summary>
    public long DroppedPartialFrames { get; private set; }

    /// <summary>Gets whether bytes of a later frame (or noise) are already buffered after the last released frame.</summary>
    public bool HasBufferedBytes { get; private set; }

    /// <summary>Reads the next frame.</summary>
    /// <param name="cancellationToken">Cancels the wait for data.</param>
    /// <returns>The frame or what ended the read.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<MllpFrameReadResult> ReadFrameAsync(CancellationToken cancellationToken)
    {
        if (_pendingRelease)
        {
            Release();
        }

        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (result.IsCanceled)
            {
                _reader.AdvanceTo(buffer.Start);
                return new MllpFrameReadResult(MllpFrameStatus.Canceled, default, 0);
            }

            var status = Scan(buffer, out var consumed, out var payload, out var length);
            switch (status)
            {
                case ScanStatus.Frame:
                    _buffer = buffer;
                    _consumed = consumed;
                    _pendingRelease = true;
                    return new MllpFrameReadResult(MllpFrameStatus.Frame, payload, payload.Length);
                case ScanStatus.TooLarge:
                    _reader.AdvanceTo(consumed, buffer.End);
                    return new MllpFrameReadResult(MllpFrameStatus.FrameTooLarge, default, length);
                case ScanStatus.OutsideFrame:
                    _reader.AdvanceTo(consumed, buffer.End);
                    return new MllpFrameReadResult(MllpFrameStatus.BytesOutsideFrame, default, length);
                default:
                    break;
            }

            // Need more data: keep the open frame (if any), examine everything.
            var remaining = buffer.Slice(consumed).Length;
            _reader.AdvanceTo(consumed, buffer.End);
            if (result.IsCompleted)
            {
                return remaining > 0
                    ? new MllpFrameReadResult(MllpFrameStatus.EndOfStreamInFrame, default, remaining)
                    : new MllpFrameReadResult(MllpFrameStatus.EndOfStream, default, 0);
            }
        }
    }

    /// <summary>Releases the frame returned by the last read (its payload is invalid afterwards).</summary>
    public void Release()
    {
        if (!_pendingRelease)
        {
            return;
        }

        _pendingRelease = false;
        HasBufferedBytes = !_buffer.Slice(_consumed).IsEmpty;
        _reader.AdvanceTo(_consumed);
        _buffer = default;
    }

    private static bool IsLineBreak(byte b) => b is MllpFrame.CarriageReturn or (byte)'\n';

    private static bool AllLineBreaks(ReadOnlySequence<byte> bytes)
    {
        foreach (var segment in bytes)
        {
            if (segment.Span.IndexOfAnyExcept(MllpFrame.CarriageReturn, (byte)'\n') >= 0)
            {
                return false;
            }
        }

        return true;
    }

    private ScanStatus Scan(ReadOnlySequence<byte> buffer, out SequencePosition consumed, out ReadOnlySequence<byte> payload, out long length)
    {
        payload = default;
        length = 0;
        var reader = new SequenceReader<byte>(buffer);

        // The CR of the previous frame's end block may arrive in a later packet.
        if (_skipCarriageReturn && reader.TryPeek(out var first))
        {
            _skipCarriageReturn = false;
            if (first == MllpFrame.CarriageReturn)
            {
                reader.Advance(1);
            }
        }

        var outsideStart = reader.Position;
        var found = reader.TryAdvanceTo(MllpFrame.StartBlock, advancePastDelimiter: false);
        if (!found)
        {
            reader.AdvanceToEnd();
        }

        var outside = buffer.Slice(outsideStart, reader.Position);
        if (!outside.IsEmpty)
        {
            _searched = 0;
            DiscardedBytes += outside.Length;
            if (_strict && !AllLineBreaks(outside))
            {
                consumed = reader.Position;
                length = outside.Length;
                return ScanStatus.OutsideFrame;
            }
        }

        if (!found)
        {
            consumed = buffer.End;
            return ScanStatus.NeedMore;
        }

        return ScanFrame(buffer, ref reader, out consumed, out payload, out length);
    }

    private ScanStatus ScanFrame(ReadOnlySequence<byte> buffer, ref SequenceReader<byte> reader, out SequencePosition consumed, out ReadOnlySequence<byte> payload, out long length)
    {
        payload = default;
        length = 0;
        while (true)
        {
            var frameStart = reader.Position;
            var frameStartOffset = reader.Consumed;
            reader.Advance(1); // VT
            if (_searched > 0)
            {
                reader.Advance(Math.Min(_searched, reader.Remaining));
            }

            if (!reader.TryAdvanceToAny([MllpFrame.EndBlock, MllpFrame.StartBlock], advancePastDelimiter: false))
            {
                var soFar = reader.Remaining + reader.Consumed - frameStartOffset - 1;
                reader.AdvanceToEnd();
                if (soFar > _maxFrameSize)
                {
                    _searched = 0;
                    consumed = reader.Position;
                    length = soFar;
                    return ScanStatus.TooLarge;
                }

                _searched = soFar;
                consumed = frameStart;
                return ScanStatus.NeedMore;
            }

            _searched = 0;
            reader.TryPeek(out var delimiter);
            var bodyLength = reader.Consumed - frameStartOffset - 1;
            if (delimiter == MllpFrame.StartBlock)
            {
                // A new start block inside an open frame: drop the partial frame and resynchronise on the new one.
                DiscardedBytes += bodyLength + 1;
                DroppedPartialFrames++;
                continue;
            }

            if (bodyLength > _maxFrameSize)
            {
                reader.Advance(1);
                consumed = reader.Position;
                length = bodyLength;
                return ScanStatus.TooLarge;
            }

            payload = buffer.Slice(buffer.GetPosition(1, frameStart), reader.Position);
            reader.Advance(1); // FS
            if (reader.TryPeek(out var next))
            {
                if (next == MllpFrame.CarriageReturn)
                {
                    reader.Advance(1);
                }
                else
                {
                    FramesWithoutCarriageReturn++;
                }
            }
            else
            {
                _skipCarriageReturn = true;
            }

            consumed = reader.Position;
            length = payload.Length;
            return ScanStatus.Frame;
        }
    }

    private enum ScanStatus
    {
        NeedMore,
        Frame,
        TooLarge,
        OutsideFrame,
    }
}
