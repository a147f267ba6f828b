using System.Text;

namespace Hematology.Integration.Mllp.Hl7;

/// <summary>
/// Reads single MSH fields straight from the encoded bytes (the MSH header is ASCII in every charset MLLP can carry),
/// so the sender can learn MSH-10 without decoding or parsing the whole message.
/// </summary>
internal static class MshReader
{
    /// <summary>Finds the MSH segment at the start of <paramref name="message"/> (after optional whitespace).</summary>
    /// <param name="message">The message bytes.</param>
    /// <param name="start">The index of <c>M</c> of <c>MSH</c>.</param>
    /// <returns><see langword="true"/> when the message starts with <c>MSH</c> and a field separator.</returns>
    public static bool TryFindHeader(ReadOnlySpan<byte> message, out int start)
    {
        start = message.IndexOfAnyExcept((byte)' ', (byte)'\r', (byte)'\n');
        if (start < 0 || message.Length - start < 4)
        {
            return false;
        }

        var header = message.Slice(start);
        return header[0] == (byte)'M' && header[1] == (byte)'S' && header[2] == (byte)'H'
            && header[3] is not ((byte)'\r' or (byte)'\n' or (byte)' ') && header[3] < 0x80;
    }

    /// <summary>Reads MSH-<paramref name="field"/> (field 1 is the separator itself) as raw text, without unescaping.</summary>
    /// <param name="message">The message bytes.</param>
    /// <param name="field">The field number, 2 or more.</param>
    /// <param name="value">The field's value; empty when the field is absent.</param>
    /// <returns><see langword="false"/> when the message has no MSH header.</returns>
    public static bool TryReadField(ReadOnlySpan<byte> message, int field, out string value)
    {
        value = string.Empty;
        if (!TryFindHeader(message, out var start))
        {
            return false;
        }

        var segment = message.Slice(start);
        var end = segment.IndexOfAny((byte)'\r', (byte)'\n');
        if (end >= 0)
        {
            segment = segment[..end];
        }

        var separator = segment[3];
        var rest = segment.Slice(4); // MSH-2 starts here
        for (var current = 2; current < field; current++)
        {
            var next = rest.IndexOf(separator);
            if (next < 0)
            {
                return true;
            }

            rest = rest.Slice(next + 1);
        }

        var stop = rest.IndexOf(separator);
        var raw = stop >= 0 ? rest[..stop] : rest;
        value = Encoding.UTF8.GetString(raw).Trim();
        return true;
    }

    /// <summary>Reads MSH-10, the message control id.</summary>
    /// <param name="message">The message bytes.</param>
    /// <returns>The control id, or <see langword="null"/> when there is no MSH segment or MSH-10 is empty.</returns>
    public static string? ReadControlId(ReadOnlySpan<byte> message)
        => TryReadField(message, 10, out var value) && value.Length > 0 ? value : null;
}
