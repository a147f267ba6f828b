using System.Diagnostics.CodeAnalysis;
using System.Text;
using Hematology.Integration.Hl7Mapping;

namespace Hematology.Integration.Mllp.Hl7;

/// <summary>
/// Reads the MSH segment of each message of one connection, reusing the previous message's header when the MSH
/// segment differs from it only in MSH-7 (date/time) and MSH-10 (control id), as between the messages of one sender.
/// </summary>
/// <remarks>
/// Reuse is limited to an all-ASCII MSH segment at byte 0, so its bytes are its characters whatever the message's
/// character set; every other field of <see cref="Hl7Header"/> comes from the bytes outside MSH-7 and MSH-10, which
/// are compared byte for byte, so the result equals <see cref="Hl7Header.TryRead(ReadOnlySpan{byte}, out Hl7Header?, out Hl7ParseException?)"/>.
/// One instance per connection; not thread-safe.
/// </remarks>
internal sealed class MshHeaderCache
{
    private const int TimestampField = 7;
    private const int ControlIdField = 10;

    private byte[] _line = [];
    private Hl7Header? _header;
    private FieldRanges _ranges;

    /// <summary>Gets how many headers were made from the previous one (for tests).</summary>
    internal long Reused { get; private set; }

    /// <summary>Reads the MSH segment of <paramref name="payload"/>.</summary>
    /// <param name="payload">The message bytes.</param>
    /// <param name="header">The header, when readable.</param>
    /// <param name="error">The error, when not.</param>
    /// <returns><see langword="true"/> when the MSH segment is readable.</returns>
    public bool TryRead(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out Hl7Header? header, [NotNullWhen(false)] out Hl7ParseException? error)
    {
        if (_header is not null && TryFindAsciiLine(payload, out var line) && line.Length > 3
            && TryFindFields(line, line[3], out var ranges)
            && line[..ranges.TimestampStart].SequenceEqual(_line.AsSpan(0, _ranges.TimestampStart))
            && line[ranges.TimestampEnd..ranges.ControlIdStart].SequenceEqual(_line.AsSpan(_ranges.TimestampEnd, _ranges.ControlIdStart - _ranges.TimestampEnd))
            && line[ranges.ControlIdEnd..].SequenceEqual(_line.AsSpan(_ranges.ControlIdEnd)))
        {
            header = _header with
            {
                Timestamp = Encoding.ASCII.GetString(line[ranges.TimestampStart..ranges.TimestampEnd]),
                ControlId = Hl7Escaping.Unescape(Encoding.ASCII.GetString(line[ranges.ControlIdStart..ranges.ControlIdEnd]).AsSpan(), _header.Delimiters),
            };
            error = null;
            Reused++;
            return true;
        }

        if (!Hl7Header.TryRead(payload, out header, out error))
        {
            return false;
        }

        Remember(payload, header);
        return true;
    }

    private static bool TryFindAsciiLine(ReadOnlySpan<byte> payload, out ReadOnlySpan<byte> line)
    {
        line = default;
        if (!payload.StartsWith("MSH"u8))
        {
            return false;
        }

        var end = payload.IndexOfAny((byte)'\r', (byte)'\n');
        line = end < 0 ? payload : payload[..end];
        return Ascii.IsValid(line);
    }

    /// <summary>Finds MSH-7 and MSH-10: MSH-n starts after the (n-1)-th field separator, MSH-1 being the first.</summary>
    private static bool TryFindFields(ReadOnlySpan<byte> line, byte separator, out FieldRanges ranges)
    {
        ranges = default;
        var count = 0;
        var timestampStart = -1;
        var timestampEnd = -1;
        var controlIdStart = -1;
        for (var i = 3; i < line.Length; i++)
        {
            if (line[i] != separator)
            {
                continue;
            }

            count++;
            if (count == TimestampField - 1)
            {
                timestampStart = i + 1;
            }
            else if (count == TimestampField)
            {
                timestampEnd = i;
            }
            else if (count == ControlIdField - 1)
            {
                controlIdStart = i + 1;
            }
            else if (count == ControlIdField)
            {
                ranges = new FieldRanges(timestampStart, timestampEnd, controlIdStart, i);
                return true;
            }
        }

        if (controlIdStart < 0)
        {
            return false; // no MSH-10: not worth reusing
        }

        ranges = new FieldRanges(timestampStart, timestampEnd, controlIdStart, line.Length);
        return true;
    }

    private void Remember(ReadOnlySpan<byte> payload, Hl7Header header)
    {
        _header = null;
        if (header.Delimiters.Field >= 0x80 || !TryFindAsciiLine(payload, out var line) || line.Length < 4 || line[3] != (byte)header.Delimiters.Field
            || !TryFindFields(line, line[3], out var ranges))
        {
            return;
        }

        _line = line.ToArray();
        _ranges = ranges;
        _header = header;
    }

    private readonly record struct FieldRanges(int TimestampStart, int TimestampEnd, int ControlIdStart, int ControlIdEnd);
}
