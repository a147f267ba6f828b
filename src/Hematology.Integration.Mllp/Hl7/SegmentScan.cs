using System.Numerics;
using System.Runtime.Intrinsics;
using System.Text;

namespace Hematology.Integration.Mllp.Hl7;

/// <summary>
/// A check on the encoded bytes that a message whose MSH segment was read will also parse, so the receiver can leave
/// decoding and parsing to the first use of <see cref="MllpRequest.Text"/> or <see cref="MllpRequest.Message"/>.
/// </summary>
/// <remarks>
/// Once MSH-1 and MSH-2 are valid, <c>Hl7Message.TryParse</c> fails only on a segment whose id is not three upper-case
/// letters or digits (the first a letter) followed by the field separator or the end of the segment, or on a second
/// MSH. This scan applies the same rule to the bytes, where it gives the same answer only when CR, LF, the letters,
/// digits and the field separator are the same bytes in the encoding and no other byte sequence decodes to them: UTF-8,
/// ASCII and ISO 8859-1 with their default replacement fallbacks, a message that starts with <c>MSH</c> at byte 0 and an
/// all-ASCII MSH segment. It answers <see langword="false"/> in every other case and whenever a segment id is not
/// certainly valid; the caller then parses the decoded text, which decides (and says where the error is).
/// </remarks>
internal static class SegmentScan
{
    private const int Utf8CodePage = 65001;
    private const int AsciiCodePage = 20127;
    private const int Latin1CodePage = 28591;
    private const byte CarriageReturn = (byte)'\r';
    private const byte LineFeed = (byte)'\n';

    /// <summary>Returns whether the message certainly parses once decoded with <paramref name="encoding"/>.</summary>
    /// <param name="payload">The message bytes; its MSH segment has been read (delimiters valid).</param>
    /// <param name="fieldSeparator">MSH-1, as read from the MSH segment.</param>
    /// <param name="encoding">The encoding the message will be decoded with.</param>
    /// <returns><see langword="true"/> when the parse cannot fail; <see langword="false"/> when only a parse can tell.</returns>
    public static bool IsCertainlyReadable(ReadOnlySpan<byte> payload, char fieldSeparator, Encoding encoding)
    {
        if (!IsAsciiTransparent(encoding) || fieldSeparator >= 0x80 || payload.Length < 8 || !payload.StartsWith("MSH"u8))
        {
            return false;
        }

        var separator = (byte)fieldSeparator;
        var end = payload.IndexOfAny(CarriageReturn, LineFeed);
        var msh = end < 0 ? payload : payload[..end];
        if (msh[3] != separator || !Ascii.IsValid(msh))
        {
            return false;
        }

        if (end < 0)
        {
            return true;
        }

        return AllSegmentStartsValid(payload[(end + 1)..], separator);
    }

    /// <summary>Checks the start of every segment in <paramref name="body"/>, finding line breaks 32 bytes at a time.</summary>
    private static bool AllSegmentStartsValid(ReadOnlySpan<byte> body, byte separator)
    {
        var segmentStart = 0;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var cr = Vector256.Create(CarriageReturn);
            var lf = Vector256.Create(LineFeed);
            for (; i <= body.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                var block = Vector256.Create(body.Slice(i, Vector256<byte>.Count));
                var breaks = (Vector256.Equals(block, cr) | Vector256.Equals(block, lf)).ExtractMostSignificantBits();
                while (breaks != 0)
                {
                    var at = i + BitOperations.TrailingZeroCount(breaks);
                    if (!IsSegmentStart(body[segmentStart..at], separator))
                    {
                        return false;
                    }

                    segmentStart = at + 1;
                    breaks &= breaks - 1;
                }
            }
        }

        for (; i < body.Length; i++)
        {
            if (body[i] is CarriageReturn or LineFeed)
            {
                if (!IsSegmentStart(body[segmentStart..i], separator))
                {
                    return false;
                }

                segmentStart = i + 1;
            }
        }

        return IsSegmentStart(body[segmentStart..], separator);
    }

    private static bool IsAsciiTransparent(Encoding encoding)
        => encoding.CodePage is Utf8CodePage or AsciiCodePage or Latin1CodePage
            && encoding.DecoderFallback is DecoderReplacementFallback;

    /// <summary>Whether a segment (without its line break) certainly starts well; an empty one is skipped by the parser.</summary>
    private static bool IsSegmentStart(ReadOnlySpan<byte> segment, byte separator)
    {
        if (segment.IsEmpty)
        {
            return true;
        }

        if (segment.Length < 3 || (segment.Length > 3 && segment[3] != separator))
        {
            return false;
        }

        var a = segment[0];
        var b = segment[1];
        var c = segment[2];
        if (a == (byte)'M' && b == (byte)'S' && c == (byte)'H')
        {
            return false; // a second MSH starts another message: the parse reports it
        }

        return char.IsAsciiLetterUpper((char)a)
            && (char.IsAsciiLetterUpper((char)b) || char.IsAsciiDigit((char)b))
            && (char.IsAsciiLetterUpper((char)c) || char.IsAsciiDigit((char)c));
    }
}
