using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Hematology.Integration.Hl7Mapping;

/// <summary>
/// A parsed acknowledgment: the MSA code, the control id it acknowledges (MSA-2), its text (MSA-3) and the ERR
/// details. Parsing never throws anything but <see cref="Hl7ParseException"/>, whatever the input.
/// </summary>
public sealed record Hl7Ack
{
    private const int StackLimit = 2048;

    /// <summary>Gets the acknowledgment code (MSA-1).</summary>
    public required AckCode Code { get; init; }

    /// <summary>Gets the control id of the message being acknowledged (MSA-2); empty when the receiver left it empty.</summary>
    public required string AcknowledgedControlId { get; init; }

    /// <summary>Gets the text message (MSA-3), empty when absent.</summary>
    public string TextMessage { get; init; } = string.Empty;

    /// <summary>Gets the errors (one per ERR segment; old-style ERR-1 is read too).</summary>
    public IReadOnlyList<AckError> Errors { get; init; } = [];

    /// <summary>Gets the ACK's own control id (its MSH-10).</summary>
    public string ControlId { get; init; } = string.Empty;

    /// <summary>Gets the ACK's message type (its MSH-9) as written, for example <c>ACK^R01^ACK</c>.</summary>
    public string MessageType { get; init; } = string.Empty;

    /// <summary>Gets whether the message was accepted (AA or CA).</summary>
    public bool IsAccepted => Code.IsAccept();

    /// <summary>Gets whether this ACK acknowledges the message with control id <paramref name="controlId"/> (MSA-2 equals it exactly).</summary>
    /// <param name="controlId">The sent message's MSH-10.</param>
    /// <returns><see langword="true"/> when MSA-2 matches.</returns>
    public bool Acknowledges(string controlId) => string.Equals(AcknowledgedControlId, controlId, StringComparison.Ordinal);

    /// <summary>Parses an acknowledgment given as bytes (UTF-8; no MLLP framing).</summary>
    /// <param name="message">The bytes.</param>
    /// <returns>The acknowledgment.</returns>
    /// <exception cref="Hl7ParseException">The bytes are not an acknowledgment; the exception says where.</exception>
    public static Hl7Ack Parse(ReadOnlySpan<byte> message) => TryParse(message, out var ack, out var error) ? ack : throw error;

    /// <summary>Parses an acknowledgment.</summary>
    /// <param name="message">The text.</param>
    /// <returns>The acknowledgment.</returns>
    /// <exception cref="Hl7ParseException">The text is not an acknowledgment; the exception says where.</exception>
    public static Hl7Ack Parse(ReadOnlySpan<char> message) => TryParse(message, out var ack, out var error) ? ack : throw error;

    /// <summary>Tries to parse an acknowledgment given as bytes.</summary>
    /// <param name="message">The bytes.</param>
    /// <param name="ack">The acknowledgment, when readable.</param>
    /// <param name="error">Why not, otherwise.</param>
    /// <returns><see langword="true"/> when the bytes are an acknowledgment.</returns>
    public static bool TryParse(ReadOnlySpan<byte> message, [NotNullWhen(true)] out Hl7Ack? ack, [NotNullWhen(false)] out Hl7ParseException? error)
    {
        char[]? rented = null;
        var max = message.Length; // UTF-8 never yields more chars than bytes
        // Sized to the message (an ACK is usually a few hundred bytes), so only that much stack is cleared.
        var buffer = max <= StackLimit ? stackalloc char[max] : (rented = ArrayPool<char>.Shared.Rent(max));
        try
        {
            int count;
            if (Utf8.IsValid(message))
            {
                count = Encoding.UTF8.GetChars(message, buffer);
            }
            else
            {
                count = Encoding.Latin1.GetChars(message, buffer);
            }

            return TryParse(buffer[..count], out ack, out error);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Tries to parse an acknowledgment.</summary>
    /// <param name="message">The text.</param>
    /// <param name="ack">The acknowledgment, when readable.</param>
    /// <param name="error">Why not, otherwise.</param>
    /// <returns><see langword="true"/> when the text is an acknowledgment.</returns>
    public static bool TryParse(ReadOnlySpan<char> message, [NotNullWhen(true)] out Hl7Ack? ack, [NotNullWhen(false)] out Hl7ParseException? error)
    {
        ack = null;
        var pos = 0;
        while (pos < message.Length && message[pos] is '\r' or '\n' or ' ' or '\t' or '\uFEFF')
        {
            pos++;
        }

        if (pos == message.Length)
        {
            error = new Hl7ParseException(Hl7ParseError.Empty, 0, null, 0, 0, 0, "the input holds no segment");
            return false;
        }

        var text = message[pos..];
        if (text.Length < 8 || !text.StartsWith("MSH", StringComparison.Ordinal))
        {
            error = new Hl7ParseException(Hl7ParseError.MissingMsh, 1, null, 0, 0, pos, "an acknowledgment starts with an MSH segment followed by MSH-1 and MSH-2");
            return false;
        }

        if (!Hl7Message.TryReadDelimiters(text, out var d, out var detail))
        {
            error = new Hl7ParseException(Hl7ParseError.InvalidDelimiters, 1, "MSH", 2, 0, pos + 3, detail);
            return false;
        }

        var controlId = string.Empty;
        var messageType = string.Empty;
        AckCode? code = null;
        var acknowledged = string.Empty;
        var textMessage = string.Empty;
        List<AckError>? errors = null;
        var index = 0;
        var offset = pos;
        while (!text.IsEmpty)
        {
            var end = text.IndexOfAny('\r', '\n');
            var segment = end < 0 ? text : text[..end];
            if (!segment.IsEmpty)
            {
                index++;
                if (segment.Length < 3 || (segment.Length > 3 && segment[3] != d.Field) || !IsId(segment[..3]))
                {
                    error = new Hl7ParseException(Hl7ParseError.InvalidSegmentId, index, segment.Length >= 3 ? segment[..3].ToString() : null, 0, 0, offset,
                        "a segment starts with three upper-case letters or digits followed by the field separator");
                    return false;
                }

                var id = segment[..3];
                if (index == 1)
                {
                    // MSH-n is part n-1 when split on the field separator.
                    messageType = Part(segment, d.Field, 8).ToString();
                    controlId = Hl7Escaping.Unescape(Part(segment, d.Field, 9), d);
                }
                else if (id.SequenceEqual("MSA") && code is null)
                {
                    var msa1 = Part(segment, d.Field, 1);
                    if (msa1.IsEmpty)
                    {
                        error = new Hl7ParseException(Hl7ParseError.MissingField, index, "MSA", 1, 0, offset, "MSA-1 (acknowledgment code) is empty");
                        return false;
                    }

                    if (!AckCodes.TryParse(FirstComponent(msa1, d), out var parsed))
                    {
                        error = new Hl7ParseException(Hl7ParseError.InvalidValue, index, "MSA", 1, 0, offset, "MSA-1 is not one of AA, AE, AR, CA, CE, CR");
                        return false;
                    }

                    code = parsed;
                    acknowledged = Hl7Escaping.Unescape(FirstComponent(Part(segment, d.Field, 2), d), d);
                    textMessage = Hl7Escaping.Unescape(Part(segment, d.Field, 3), d);
                }
                else if (id.SequenceEqual("ERR"))
                {
                    (errors ??= []).Add(ReadErr(segment, d));
                }
            }

            if (end < 0)
            {
                break;
            }

            text = text[(end + 1)..];
            offset += end + 1;
        }

        if (code is null)
        {
            error = new Hl7ParseException(Hl7ParseError.MissingSegment, 0, "MSA", 0, 0, -1, "an acknowledgment has an MSA segment");
            return false;
        }

        ack = new Hl7Ack
        {
            Code = code.Value,
            AcknowledgedControlId = acknowledged,
            TextMessage = textMessage,
            Errors = errors is null ? [] : errors,
            ControlId = controlId,
            MessageType = messageType,
        };
        error = null;
        return true;
    }

    private static AckError ReadErr(ReadOnlySpan<char> segment, Hl7Delimiters d)
    {
        var location = ReadLocation(FirstRepetition(Part(segment, d.Field, 2), d), d.Component, d);
        var err3 = FirstRepetition(Part(segment, d.Field, 3), d);
        var codeText = Component(err3, d.Component, 1);
        var text = Component(err3, d.Component, 2);
        if (err3.IsEmpty)
        {
            // Pre-2.5 receivers: ERR-1 = segment^sequence^field^code&text&system.
            var err1 = FirstRepetition(Part(segment, d.Field, 1), d);
            location ??= ReadLocation(err1, d.Component, d, maxNumbers: 2);
            var ce = Component(err1, d.Component, 4);
            codeText = Component(ce, d.SubComponent, 1);
            text = Component(ce, d.SubComponent, 2);
        }

        var severityText = Part(segment, d.Field, 4);
        var severity = severityText.Length == 1
            ? severityText[0] switch
            {
                'W' => Hl7ErrorSeverity.Warning,
                'I' => Hl7ErrorSeverity.Information,
                'F' => Hl7ErrorSeverity.Fatal,
                _ => Hl7ErrorSeverity.Error,
            }
            : Hl7ErrorSeverity.Error;
        var code = int.TryParse(codeText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? (Hl7ErrorCode)number : Hl7ErrorCode.Unspecified;
        var diagnostic = Part(segment, d.Field, 7);
        var user = Part(segment, d.Field, 8);
        return new AckError
        {
            Location = location,
            Code = code,
            CodeText = text.IsEmpty ? null : Hl7Escaping.Unescape(text, d),
            Severity = severity,
            DiagnosticInformation = diagnostic.IsEmpty ? null : Hl7Escaping.Unescape(diagnostic, d),
            UserMessage = user.IsEmpty ? null : Hl7Escaping.Unescape(user, d),
        };
    }

    private static Hl7ErrorLocation? ReadLocation(ReadOnlySpan<char> erl, char separator, Hl7Delimiters d, int maxNumbers = 5)
    {
        var segmentId = Component(erl, separator, 1);
        if (segmentId.IsEmpty)
        {
            return null;
        }

        Span<int> numbers = stackalloc int[5];
        for (var i = 0; i < maxNumbers; i++)
        {
            var part = Component(erl, separator, i + 2);
            numbers[i] = int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : 0;
        }

        return new Hl7ErrorLocation(Hl7Escaping.Unescape(segmentId, d), numbers[0], numbers[1], numbers[2], numbers[3], numbers[4]);
    }

    private static bool IsId(ReadOnlySpan<char> id)
        => char.IsAsciiLetterUpper(id[0]) && (char.IsAsciiLetterUpper(id[1]) || char.IsAsciiDigit(id[1])) && (char.IsAsciiLetterUpper(id[2]) || char.IsAsciiDigit(id[2]));

    private static ReadOnlySpan<char> Part(ReadOnlySpan<char> segment, char separator, int number) => Component(segment, separator, number + 1);

    private static ReadOnlySpan<char> FirstComponent(ReadOnlySpan<char> field, Hl7Delimiters d) => Component(FirstRepetition(field, d), d.Component, 1);

    private static ReadOnlySpan<char> FirstRepetition(ReadOnlySpan<char> field, Hl7Delimiters d) => Component(field, d.Repetition, 1);

    // The number-th (1-based) piece of text split on separator; empty when absent.
    private static ReadOnlySpan<char> Component(ReadOnlySpan<char> text, char separator, int number)
    {
        for (var n = 1; ; n++)
        {
            var at = text.IndexOf(separator);
            if (n == number)
            {
                return at < 0 ? text : text[..at];
            }

            if (at < 0)
            {
                return [];
            }

            text = text[(at + 1)..];
        }
    }
}
