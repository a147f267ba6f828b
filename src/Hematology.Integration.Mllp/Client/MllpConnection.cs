using System.IO.Pipelines;
using System.Net.Sockets;
using Hematology.Integration.Mllp.Framing;

namespace Hematology.Integration.Mllp;

/// <summary>One open connection of the sender: the socket, the (TLS) stream, the frame reader and a reusable timeout.</summary>
internal sealed class MllpConnection : IAsyncDisposable
{
    private readonly TimeProvider _timeProvider;

    public MllpConnection(Socket socket, Stream stream, bool isTls, int maxFrameSize, TimeProvider timeProvider)
    {
        Socket = socket;
        Stream = stream;
        IsTls = isTls;
        _timeProvider = timeProvider;
        Reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 8192, minimumReadSize: 1024, leaveOpen: true));
        Frames = new MllpFrameReader(Reader, maxFrameSize, strict: true);
        Timeout = new CancellationTokenSource(System.Threading.Timeout.InfiniteTimeSpan, timeProvider);
    }

    public Socket Socket { get; }

    public Stream Stream { get; }

    public bool IsTls { get; }

    public PipeReader Reader { get; }

    public MllpFrameReader Frames { get; }

    public CancellationTokenSource Timeout { get; private set; }

    /// <summary>Gets or sets whether the connection must be closed after the current exchange.</summary>
    public bool Poisoned { get; set; }

    /// <summary>Stops the timeout timer so the source can be used for the next exchange.</summary>
    public void ResetTimeout()
    {
        if (!Timeout.TryReset())
        {
            Timeout.Dispose();
            Timeout = new CancellationTokenSource(System.Threading.Timeout.InfiniteTimeSpan, _timeProvider);
        }
    }

    /// <summary>Checks, without blocking, that the connection can carry the next message.</summary>
    /// <param name="unsolicitedBytes">How many unexpected bytes the receiver sent since the last ACK.</param>
    /// <returns><see langword="false"/> when the receiver closed the connection or sent unsolicited data.</returns>
    public bool IsUsable(out int unsolicitedBytes)
    {
        unsolicitedBytes = 0;
        if (Poisoned || !Socket.Connected)
        {
            return false;
        }

        if (Frames.HasBufferedBytes)
        {
            unsolicitedBytes = 1;
            return false;
        }

        try
        {
            if (!Socket.Poll(0, SelectMode.SelectRead))
            {
                return true;
            }

            var available = Socket.Available;
            if (available == 0)
            {
                return false; // orderly close by the receiver
            }

            if (IsTls)
            {
                return true; // post-handshake TLS records (session tickets) are normal; SslStream handles them
            }

            Span<byte> scratch = stackalloc byte[256];
            var read = Socket.Receive(scratch[..Math.Min(available, scratch.Length)], SocketFlags.None);
            if (read == available && scratch[..read].IndexOfAnyExcept(MllpFrame.CarriageReturn, (byte)'\n') < 0)
            {
                return true; // a stray line break after the last frame
            }

            unsolicitedBytes = available;
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Reader.CompleteAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // A read is still pending on a broken stream; disposing the stream ends it.
        }

        try
        {
            Socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the peer.
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }

        await Stream.DisposeAsync().ConfigureAwait(false);
        Socket.Dispose();
        Timeout.Dispose();
    }
}
