using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Hematology.Integration.Validation.Encoding;

/// <summary>Checks bytes for strict UTF-8 incrementally (sequences may be split across chunks), and notes bytes undefined in Windows-1252.</summary>
internal sealed class Utf8Validator
{
    private static readonly SearchValues<byte> UndefinedIn1252 = SearchValues.Create([0x81, 0x8D, 0x8F, 0x90, 0x9D]);

    private readonly byte[] carry = new byte[4];
    private readonly char[] scratch = new char[2048];
    private int carryLength;

    /// <summary>Gets the number of bytes seen.</summary>
    public long Offset { get; private set; }

    /// <summary>Gets the offset of the first byte that is not valid UTF-8, or -1.</summary>
    public long FirstInvalid { get; private set; } = -1;

    /// <summary>Gets the offset of the first byte undefined in Windows-1252, or -1.</summary>
    public long FirstUndefinedIn1252 { get; private set; } = -1;

    /// <summary>Gets a value indicating whether a byte above 0x7F was seen.</summary>
    public bool SawNonAscii { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        var start = Offset;
        Offset += data.Length;
        if (FirstUndefinedIn1252 < 0)
        {
            var undefined = data.IndexOfAny(UndefinedIn1252);
            if (undefined >= 0)
            {
                FirstUndefinedIn1252 = start + undefined;
            }
        }

        if (FirstInvalid >= 0)
        {
            return;
        }

        var position = start;
        while (carryLength > 0 && !data.IsEmpty)
        {
            carry[carryLength++] = data[0];
            data = data[1..];
            position++;
            var status = Utf8.ToUtf16(carry.AsSpan(0, carryLength), scratch, out _, out _, replaceInvalidSequences: false, isFinalBlock: false);
            if (status == OperationStatus.Done)
            {
                carryLength = 0;
            }
            else if (status == OperationStatus.InvalidData || carryLength == 4)
            {
                FirstInvalid = position - carryLength;
                return;
            }
        }

        if (Ascii.IsValid(data))
        {
            return;
        }

        SawNonAscii = true;
        while (!data.IsEmpty)
        {
            var status = Utf8.ToUtf16(data, scratch, out var read, out _, replaceInvalidSequences: false, isFinalBlock: false);
            switch (status)
            {
                case OperationStatus.Done:
                    return;
                case OperationStatus.DestinationTooSmall:
                    data = data[read..];
                    position += read;
                    break;
                case OperationStatus.NeedMoreData:
                    data[read..].CopyTo(carry);
                    carryLength = data.Length - read;
                    return;
                default:
                    FirstInvalid = position + read;
                    return;
            }
        }
    }

    /// <summary>Ends the input: an unfinished sequence at the end is invalid.</summary>
    public void Complete()
    {
        if (carryLength > 0 && FirstInvalid < 0)
        {
            FirstInvalid = Offset - carryLength;
        }

        carryLength = 0;
    }
}
