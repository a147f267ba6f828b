using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Unicode;

namespace Hematology.Integration.Hl7Mapping;

/// <summary>
/// The MSH segment of a message, read without parsing the rest: what an MLLP sender or receiver needs to
/// correlate and acknowledge (MSH-9, MSH-10, MSH-18…). Composite fields are kept as written, in
/// <see cref="Delimiters"/>; <see cref="ControlId"/> is unescaped.
/// </summary>
public sealed record Hl7Header
{
    /// <summary>Gets the message's delimiters.</summary>
    public Hl7Delimiters Delimiters { get; init; } = Hl7Delimiters.Standard;

    /// <summary>Gets MSH-3 (sending application) as written.</summary>
    public string SendingApplication { get; init; } = string.Empty;

    /// <summary>Gets MSH-4 (sending facility) as written.</summary>
    public string SendingFacility { get; init; } = string.Empty;

    /// <summary>Gets MSH-5 (receiving application) as written.</summary>
    public string ReceivingApplication { get; init; } = string.Empty;

    /// <summary>Gets MSH-6 (receiving facility) as written.</summary>
    public string ReceivingFacility { get; init; } = string.Empty;

    /// <summary>Gets MSH-7 (date/time of message) as written.</summary>
    public string Timestamp { get; init; } = string.Empty;

    /// <summary>Gets MSH-9 (message type) as written, for example <c>ORU^R01^ORU_R01</c>.</summary>
    public string MessageType { get; init; } = string.Empty;

    /// <summary>Gets MSH-9.1, the message code, for example <c>ORU</c>.</summary>
    public string MessageCode { get; init; } = string.Empty;

    /// <summary>Gets MSH-9.2, the trigger event, for example <c>R01</c>.</summary>
    public string TriggerEvent { get; init; } = string.Empty;

    /// <summary>Gets MSH-10, the message control id (unescaped).</summary>
    public string ControlId { get; init; } = string.Empty;

    /// <summary>Gets MSH-11 (processing id) as written, for example <c>P</c>.</summary>
    public string ProcessingId { get; init; } = string.Empty;

    /// <summary>Gets MSH-12.1, the version id, for example <c>2.5.1</c>.</summary>
    public string Version { get; init; } = string.Empty;

    /// <summary>Gets MSH-15, the accept acknowledgment type (table 0155), for example <c>AL</c>.</summary>
    public string AcceptAckType { get; init; } = string.Empty;

    /// <summary>Gets MSH-16, the application acknowledgment type (table 0155), for example <c>NE</c>.</summary>
    public string ApplicationAckType { get; init; } = string.Empty;

    /// <summary>Gets the first repetition of MSH-18 (character set), for example <c>UNICODE UTF-8</c>.</summary>
    public string CharacterSet { get; init; } = string.Empty;

    /// <summary>Gets whether the message asks for enhanced-mode acknowledgment (MSH-15 or MSH-16 valued).</summary>
    public bool IsEnhancedMode => AcceptAckType.Length > 0 || ApplicationAckType.Length > 0;

    /// <summary>Reads the MSH segment of a message given as bytes (UTF-8 or any ASCII-compatible character set).</summary>
    /// <param name="message">The message bytes, without MLLP framing.</param>
    /// <returns>The header.</returns>
    /// <exception cref="Hl7ParseException">The bytes do not start with a readable MSH segment.</exception>
    public static Hl7Header Read(ReadOnlySpan<byte> message)
        => TryRead(message, out var header, out var error) ? header : throw error;

    /// <summary>Reads the MSH segment of a message.</summary>
    /// <param name="message">The message text.</param>
    /// <returns>The header.</returns>
    /// <exception cref="Hl7ParseException">The text does not start with a readable MSH segment.</exception>
    public static Hl7Header Read(ReadOnlySpan<char> message)
        => TryRead(message, out var header, out var error) ? header : throw error;

    /// <summary>Tries to read the MSH segment of a message given as bytes.</summary>
    /// <param name="message">The message bytes.</param>
    /// <param name="header">The header, when readable.</param>
    /// <returns><see langword="true"/> when the bytes start with a readable MSH segment.</returns>
    public static bool TryRead(ReadOnlySpan<byte> message, [NotNullWhen(true)] out Hl7Header? header)
        => TryRead(message, out header, out _);

    /// <summary>Tries to read the MSH segment of a message.</summary>
    /// <param name="message">The message text.</param>
    /// <param name="header">The header, when readable.</param>
    /// <returns><see langword="true"/> when the text starts with a readable MSH segment.</returns>
    public static bool TryRead(ReadOnlySpan<char> message, [NotNullWhen(true)] out Hl7Header? header)
        => TryRead(message, out header, out _);

    /// <summary>Tries to read the MSH segment of a message given as bytes, saying why when it cannot.</summary>
    /// <param name="message">The message bytes.</param>
    /// <param name="header">The header, when readable.</param>
    /// <param name="error">The error, when not.</param>
    /// <returns><see langword="true"/> when the bytes start with a readable MSH segment.</returns>
    public static bool TryRead(ReadOnlySpan<byte> message, [NotNullWhen(true)] out Hl7Header? header, [NotNullWhen(false)] out Hl7ParseException? error)
    {
        var start = 0;
        if (message.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            start = 3;
        }

        while (start < message.Length && message[start] is (byte)'\r' or (byte)'\n' or (byte)' ' or (byte)'\t')
        {
            start++;
        }

        var rest = message[start..];
        var end = rest.IndexOfAny((byte)'\r', (byte)'\n');
        var msh = end < 0 ? rest : rest[..end];
        var text = Utf8.IsValid(msh) ? Encoding.UTF8.GetString(msh) : Encoding.Latin1.GetString(msh);
        if (TryRead(text.AsSpan(), out header, out error))
        {
            return true;
        }

        error = Offset(error, start);
        return false;
    }

    /// <summary>Tries to read the MSH segment of a message, saying why when it cannot.</summary>
    /// <param name="message">The message text.</param>
    /// <param name="header">The header, when readable.</param>
    /// <param name="error">The error, when not.</param>
    /// <returns><see langword="true"/> when the text starts with a readable MSH segment.</returns>
    public static bool TryRead(ReadOnlySpan<char> message, [NotNullWhen(true)] out Hl7Header? header, [NotNullWhen(false)] out Hl7ParseException? error)
    {
        header = null;
        var start = 0;
        while (start < message.Length && (message[start] is '\r' or '\n' or ' ' or '\t' or '\uFEFF'))
        {
            start++;
        }

        var msh = message[start..];
        var end = msh.IndexOfAny('\r', '\n');
        if (end >= 0)
        {
            msh = msh[..end];
        }

        if (msh.IsEmpty)
        {
            error = new Hl7ParseException(Hl7ParseError.Empty, 0, null, 0, 0, 0, "the input holds no segment");
            return false;
        }

        if (msh.Length < 8 || !msh.StartsWith("MSH", StringComparison.Ordinal))
        {
            error = new Hl7ParseException(Hl7ParseError.MissingMsh, 1, null, 0, 0, start, "a message starts with an MSH segment followed by MSH-1 and MSH-2");
            return false;
        }

        if (!Hl7Message.TryReadDelimiters(msh, out var d, out var detail))
        {
            error = new Hl7ParseException(Hl7ParseError.InvalidDelimiters, 1, "MSH", 2, 0, start + 3, detail);
            return false;
        }

        // fields[n] holds MSH-n for n >= 3.
        Span<Range> fields = stackalloc Range[22];
        var count = 0;
        var pos = 4;
        var next = msh[pos..].IndexOf(d.Field);
        pos = next < 0 ? msh.Length : pos + next; // the separator after MSH-2
        for (var n = 3; n < fields.Length && pos < msh.Length; n++)
        {
            var from = pos + 1;
            var to = msh[from..].IndexOf(d.Field);
            var stop = to < 0 ? msh.Length : from + to;
            fields[n] = new Range(from, stop);
            count = n;
            pos = stop;
        }

        string Field(Span<Range> f, ReadOnlySpan<char> s, int n) => n <= count ? s[f[n]].ToString() : string.Empty;

        ReadOnlySpan<char> Slice(Span<Range> f, ReadOnlySpan<char> s, int n) => n <= count ? s[f[n]] : [];

        var type = Slice(fields, msh, 9);
        header = new Hl7Header
        {
            Delimiters = d,
            SendingApplication = Field(fields, msh, 3),
            SendingFacility = Field(fields, msh, 4),
            ReceivingApplication = Field(fields, msh, 5),
            ReceivingFacility = Field(fields, msh, 6),
            Timestamp = Field(fields, msh, 7),
            MessageType = type.ToString(),
            MessageCode = Component(type, d, 1),
            TriggerEvent = Component(type, d, 2),
            ControlId = Hl7Escaping.Unescape(Slice(fields, msh, 10), d),
            ProcessingId = Field(fields, msh, 11),
            Version = Component(Slice(fields, msh, 12), d, 1),
            AcceptAckType = Field(fields, msh, 15),
            ApplicationAckType = Field(fields, msh, 16),
            CharacterSet = First(Slice(fields, msh, 18), d.Repetition),
        };
        error = null;
        return true;
    }

    private static string Component(ReadOnlySpan<char> field, Hl7Delimiters d, int number)
    {
        var first = field.IndexOf(d.Repetition);
        if (first >= 0)
        {
            field = field[..first];
        }

        for (var n = 1; ; n++)
        {
            var at = field.IndexOf(d.Component);
            if (n == number)
            {
                return Hl7Escaping.Unescape(at < 0 ? field : field[..at], d);
            }

            if (at < 0)
            {
                return string.Empty;
            }

            field = field[(at + 1)..];
        }
    }

    private static string First(ReadOnlySpan<char> field, char separator)
    {
        var at = field.IndexOf(separator);
        return (at < 0 ? field : field[..at]).ToString();
    }

    private static Hl7ParseException Offset(Hl7ParseException error, int start)
        => start == 0 || error.Position < 0
            ? error
            : new Hl7ParseException(error.Error, error.SegmentIndex, error.SegmentId, error.Field, error.Component, error.Position + start, error.Detail);
}
