using System.Text;

namespace Hematology.Integration.Mllp.Hl7;

/// <summary>Maps MSH-18 character set names (HL7 table 0211) to .NET encodings.</summary>
internal static class Hl7Charset
{
    /// <summary>The UTF-8 encoding without a byte order mark, as MLLP carries it.</summary>
    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Resolves the configured encoding name.</summary>
    /// <param name="name">A .NET / IANA encoding name.</param>
    /// <returns>The encoding, or <see langword="null"/> when the name is unknown or not byte-safe for MLLP.</returns>
    public static Encoding? Resolve(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        if (name.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || name.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return Utf8;
        }

        try
        {
            var encoding = Encoding.GetEncoding(name);

            // UTF-16/32 payloads may contain 0x0B/0x1C bytes and cannot be framed.
            return encoding is UnicodeEncoding or UTF32Encoding ? null : encoding;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Maps an MSH-18 value to an encoding.</summary>
    /// <param name="msh18">The MSH-18 value (first repetition is used).</param>
    /// <returns>The encoding, or <see langword="null"/> for an empty or unsupported value.</returns>
    public static Encoding? FromMsh18(string msh18)
    {
        var first = msh18.Split('~')[0].Trim();
        return first.ToUpperInvariant() switch
        {
            "" => null,
            "UNICODE UTF-8" or "UTF-8" => Utf8,
            "ASCII" => Encoding.ASCII,
            "8859/1" => Encoding.Latin1,
            _ => null,
        };
    }

    /// <summary>Picks the encoding of a received frame: MSH-18 when allowed and recognised, else the configured one.</summary>
    /// <param name="payload">The frame's bytes.</param>
    /// <param name="configured">The configured encoding.</param>
    /// <param name="useMessageCharset">Whether MSH-18 is honoured.</param>
    /// <returns>The encoding to decode with.</returns>
    public static Encoding ForMessage(ReadOnlySpan<byte> payload, Encoding configured, bool useMessageCharset)
    {
        if (useMessageCharset && MshReader.TryReadField(payload, 18, out var msh18))
        {
            return FromMsh18(msh18) ?? configured;
        }

        return configured;
    }
}
