using System.Buffers;
using System.Text;

namespace Hematology.Integration.Hl7Mapping;

/// <summary>
/// HL7 v2 escape sequences. Escaping turns every delimiter in data into <c>\F\ \S\ \T\ \R\ \E\</c>, a line break
/// (CR, LF or CRLF) into <c>\.br\</c> and any other control character into <c>\Xhh\</c>, so data can never shift a
/// field or start a segment. Unescaping reverses the delimiter sequences, turns <c>\.br\</c> into a line feed, and
/// passes every other sequence (<c>\Xhh\</c>, <c>\H\</c>, <c>\N\</c>, <c>\Zxx\</c>, formatting commands) through unchanged.
/// </summary>
public static class Hl7Escaping
{
    private static readonly SearchValues<char> Controls = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F");

    /// <summary>Gets whether <paramref name="value"/> holds a character that must be escaped.</summary>
    /// <param name="value">The data.</param>
    /// <param name="delimiters">The message's delimiters.</param>
    /// <returns><see langword="true"/> when escaping would change the text.</returns>
    public static bool NeedsEscaping(ReadOnlySpan<char> value, Hl7Delimiters delimiters)
    {
        foreach (var c in value)
        {
            if (delimiters.IsDelimiter(c) || c < ' ' || c == '\u007F')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Escapes data for use inside a field, component or sub-component.</summary>
    /// <param name="value">The data.</param>
    /// <param name="delimiters">The message's delimiters.</param>
    /// <returns>The escaped text (the same instance when nothing needed escaping).</returns>
    public static string Escape(string? value, Hl7Delimiters delimiters)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        return NeedsEscaping(value, delimiters) ? Escape(value.AsSpan(), delimiters) : value;
    }

    /// <summary>Escapes data with the standard delimiters <c>|^~\&amp;</c>.</summary>
    /// <param name="value">The data.</param>
    /// <returns>The escaped text.</returns>
    public static string Escape(string? value) => Escape(value, Hl7Delimiters.Standard);

    /// <summary>Escapes data for use inside a field, component or sub-component.</summary>
    /// <param name="value">The data.</param>
    /// <param name="delimiters">The message's delimiters.</param>
    /// <returns>The escaped text.</returns>
    public static string Escape(ReadOnlySpan<char> value, Hl7Delimiters delimiters)
    {
        var sb = new StringBuilder(value.Length + 16);
        AppendEscaped(sb, value, delimiters);
        return sb.ToString();
    }

    /// <summary>Appends escaped data to a builder.</summary>
    /// <param name="builder">The destination.</param>
    /// <param name="value">The data.</param>
    /// <param name="delimiters">The message's delimiters.</param>
    public static void AppendEscaped(StringBuilder builder, ReadOnlySpan<char> value, Hl7Delimiters delimiters)
    {
        ArgumentNullException.ThrowIfNull(builder);
        Span<char> hex = stackalloc char[6];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var code = Code(c, delimiters);
            if (code != '\0')
            {
                builder.Append(delimiters.Escape).Append(code).Append(delimiters.Escape);
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < value.Length && value[i + 1] == '\n')
                {
                    i++;
                }

                builder.Append(delimiters.Escape).Append(".br").Append(delimiters.Escape);
            }
            else if (c < ' ' || c == '\u007F')
            {
                hex[0] = delimiters.Escape;
                hex[1] = 'X';
                hex[2] = HexDigit(c >> 4);
                hex[3] = HexDigit(c & 0xF);
                hex[4] = delimiters.Escape;
                builder.Append(hex[..5]);
            }
            else
            {
                builder.Append(c);
            }
        }
    }

    /// <summary>Unescapes field data: delimiter sequences become the delimiters, <c>\.br\</c> a line feed; other sequences pass through.</summary>
    /// <param name="value">The escaped text.</param>
    /// <param name="delimiters">The message's delimiters.</param>
    /// <returns>The data.</returns>
    public static string Unescape(ReadOnlySpan<char> value, Hl7Delimiters delimiters)
    {
        if (value.IndexOf(delimiters.Escape) < 0)
        {
            return value.ToString();
        }

        var sb = new StringBuilder(value.Length);
        AppendUnescaped(sb, value, delimiters);
        return sb.ToString();
    }

    /// <summary>Unescapes text written with the standard delimiters <c>|^~\&amp;</c>.</summary>
    /// <param name="value">The escaped text.</param>
    /// <returns>The data.</returns>
    public static string Unescape(string? value) => value is null ? string.Empty : Unescape(value, Hl7Delimiters.Standard);

    /// <summary>Appends unescaped data to a builder.</summary>
    /// <param name="builder">The destination.</param>
    /// <param name="value">The escaped text.</param>
    /// <param name="delimiters">The message's delimiters.</param>
    public static void AppendUnescaped(StringBuilder builder, ReadOnlySpan<char> value, Hl7Delimiters delimiters)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var escape = delimiters.Escape;
        var i = 0;
        while (i < value.Length)
        {
            var start = value[i..].IndexOf(escape);
            if (start < 0)
            {
                builder.Append(value[i..]);
                return;
            }

            builder.Append(value.Slice(i, start));
            i += start;
            var close = value[(i + 1)..].IndexOf(escape);
            if (close < 0)
            {
                // An unterminated escape is kept as it is.
                builder.Append(value[i..]);
                return;
            }

            var body = value.Slice(i + 1, close);
            var whole = value.Slice(i, close + 2);
            i += close + 2;
            if (body.Length == 1)
            {
                switch (body[0])
                {
                    case 'F': builder.Append(delimiters.Field); continue;
                    case 'S': builder.Append(delimiters.Component); continue;
                    case 'T': builder.Append(delimiters.SubComponent); continue;
                    case 'R': builder.Append(delimiters.Repetition); continue;
                    case 'E': builder.Append(delimiters.Escape); continue;
                }
            }
            else if (body.SequenceEqual(".br"))
            {
                builder.Append('\n');
                continue;
            }

            builder.Append(whole);
        }
    }

    /// <summary>Gets whether a text contains a character a field may not carry unescaped (used by the writer).</summary>
    internal static int IndexOfSpecial(ReadOnlySpan<char> value, SearchValues<char> special) => value.IndexOfAny(special);

    internal static SearchValues<char> SpecialCharacters(Hl7Delimiters delimiters)
    {
        if (delimiters == Hl7Delimiters.Standard)
        {
            return StandardSpecial;
        }

        var chars = new List<char>(40) { delimiters.Field, delimiters.Component, delimiters.Repetition, delimiters.Escape, delimiters.SubComponent };
        for (var c = '\0'; c < ' '; c++)
        {
            chars.Add(c);
        }

        chars.Add('\u007F');
        return SearchValues.Create(chars.Distinct().ToArray());
    }

    private static readonly SearchValues<char> StandardSpecial = SearchValues.Create(
        "|^~\\&\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F");

    internal static char Code(char c, Hl7Delimiters delimiters)
    {
        if (c == delimiters.Escape)
        {
            return 'E';
        }

        if (c == delimiters.Field)
        {
            return 'F';
        }

        if (c == delimiters.Component)
        {
            return 'S';
        }

        if (c == delimiters.SubComponent)
        {
            return 'T';
        }

        return c == delimiters.Repetition ? 'R' : '\0';
    }

    internal static bool IsControl(char c) => Controls.Contains(c);

    internal static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'A' + value - 10);
}
