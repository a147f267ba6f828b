namespace Hematology.Integration.Mllp.Framing;

/// <summary>The MLLP (Release 1) block characters and helpers to frame a message as one buffer.</summary>
internal static class MllpFrame
{
    /// <summary>The start block, VT.</summary>
    public const byte StartBlock = 0x0B;

    /// <summary>The end block, FS.</summary>
    public const byte EndBlock = 0x1C;

    /// <summary>The carriage return that follows the end block.</summary>
    public const byte CarriageReturn = 0x0D;

    /// <summary>The number of framing bytes around a message.</summary>
    public const int Overhead = 3;

    /// <summary>Writes <c>VT message FS CR</c> into <paramref name="destination"/>.</summary>
    /// <param name="message">The message bytes.</param>
    /// <param name="destination">At least <c>message.Length + 3</c> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    public static int Write(ReadOnlySpan<byte> message, Span<byte> destination)
    {
        destination[0] = StartBlock;
        message.CopyTo(destination[1..]);
        destination[message.Length + 1] = EndBlock;
        destination[message.Length + 2] = CarriageReturn;
        return message.Length + Overhead;
    }

    /// <summary>Returns a new array holding the framed message.</summary>
    /// <param name="message">The message bytes.</param>
    /// <returns>The frame.</returns>
    public static byte[] Create(ReadOnlySpan<byte> message)
    {
        var frame = new byte[message.Length + Overhead];
        Write(message, frame);
        return frame;
    }
}
