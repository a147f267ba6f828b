using System.Buffers;
using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Unicode;

namespace Hematology.Integration.Hl7Mapping;

/// <summary>
/// A parsed HL7 v2 message: any version, any delimiters (from MSH-1 and MSH-2), segments terminated by CR, LF or
/// CRLF. Parsing records only offsets; strings are made when a value is asked for, and values come back unescaped.
/// </summary>
/// <remarks>
/// Field numbers follow the standard: in MSH, MSH-1 is the field separator and MSH-2 the encoding characters, so
/// <c>MSH-10</c> is the message control id. Positions can be written as text: <c>PID-3.1</c>, <c>OBX(2)-5</c>,
/// <c>PID-3(2).4.1</c> (segment occurrence and field repetition in parentheses, 1-based). Without a repetition, a
/// position naming a component reads the first repetition, and one naming a whole field reads all of it.
/// </remarks>
public sealed class Hl7Message
{
    private readonly ReadOnlyMemory<char> _text;
    private readonly SegmentEntry[] _segments;
    private readonly int[] _parts; // pairs of (start, length) for every part of every segment; part 0 is the id
    private SegmentList? _segmentList;

    private Hl7Message(ReadOnlyMemory<char> text, Hl7Delimiters delimiters, SegmentEntry[] segments, int[] parts)
    {
        _text = text;
        Delimiters = delimiters;
        _segments = segments;
        _parts = parts;
    }

    /// <summary>Gets the message's delimiters.</summary>
    public Hl7Delimiters Delimiters { get; }

    /// <summary>Gets the number of segments.</summary>
    public int SegmentCount => _segments.Length;

    /// <summary>Gets the segments, in order.</summary>
    public IReadOnlyList<Hl7Segment> Segments => _segmentList ??= new SegmentList(this);

    /// <summary>Gets the message control id (MSH-10), unescaped.</summary>
    public string ControlId => GetSegment(0).GetField(10).Value;

    /// <summary>Gets the message type (MSH-9) as written, for example <c>ORU^R01^ORU_R01</c>.</summary>
    public string MessageType => GetSegment(0).GetField(9).Raw.ToString();

    /// <summary>Gets the version id (MSH-12.1), for example <c>2.5.1</c>.</summary>
    public string Version => GetSegment(0).GetField(12).GetComponent(1).Value;

    /// <summary>Gets the text the message was parsed from.</summary>
    public ReadOnlyMemory<char> Text => _text;

    /// <summary>Parses a message.</summary>
    /// <param name="text">The message text.</param>
    /// <returns>The message.</returns>
    /// <exception cref="Hl7ParseException">The text is not a readable HL7 v2 message; the exception says where.</exception>
    public static Hl7Message Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(text.AsMemory());
    }

    /// <summary>Parses a message without copying the text.</summary>
    /// <param name="text">The message text.</param>
    /// <returns>The message.</returns>
    /// <exception cref="Hl7ParseException">The text is not a readable HL7 v2 message; the exception says where.</exception>
    public static Hl7Message Parse(ReadOnlyMemory<char> text)
    {
        var message = ParseCore(text, out var error);
        return message ?? throw error!;
    }

    /// <summary>
    /// Parses a message from bytes: UTF-8 (a byte-order mark is skipped), or ISO 8859-1 when the bytes are not valid
    /// UTF-8 and MSH-18 says <c>8859/1</c>.
    /// </summary>
    /// <param name="bytes">The message bytes (no MLLP framing).</param>
    /// <returns>The message.</returns>
    /// <exception cref="Hl7ParseException">The bytes are not a readable HL7 v2 message; the exception says where.</exception>
    public static Hl7Message Parse(ReadOnlySpan<byte> bytes) => Parse(Decode(bytes).AsMemory());

    /// <summary>Tries to parse a message.</summary>
    /// <param name="text">The message text.</param>
    /// <param name="message">The message, when readable.</param>
    /// <param name="error">The error, when not.</param>
    /// <returns><see langword="true"/> when the text is a readable message.</returns>
    public static bool TryParse(ReadOnlyMemory<char> text, [NotNullWhen(true)] out Hl7Message? message, [NotNullWhen(false)] out Hl7ParseException? error)
    {
        message = ParseCore(text, out error);
        return message is not null;
    }

    /// <summary>Tries to parse a message from bytes (see <see cref="Parse(ReadOnlySpan{byte})"/>).</summary>
    /// <param name="bytes">The message bytes.</param>
    /// <param name="message">The message, when readable.</param>
    /// <param name="error">The error, when not.</param>
    /// <returns><see langword="true"/> when the bytes are a readable message.</returns>
    public static bool TryParse(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out Hl7Message? message, [NotNullWhen(false)] out Hl7ParseException? error)
        => TryParse(Decode(bytes).AsMemory(), out message, out error);

    /// <summary>Gets a segment by its 0-based index.</summary>
    /// <param name="index">The index.</param>
    /// <returns>The segment.</returns>
    public Hl7Segment GetSegment(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _segments.Length);
        return new Hl7Segment(this, index);
    }

    /// <summary>Finds the <paramref name="occurrence"/>-th segment with an id.</summary>
    /// <param name="id">The segment id, for example <c>OBX</c>.</param>
    /// <param name="occurrence">Which one, 1-based.</param>
    /// <param name="segment">The segment, when present.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetSegment(string id, int occurrence, out Hl7Segment segment)
    {
        ArgumentNullException.ThrowIfNull(id);
        var seen = 0;
        for (var i = 0; i < _segments.Length; i++)
        {
            if (string.Equals(_segments[i].Id, id, StringComparison.Ordinal) && ++seen == occurrence)
            {
                segment = new Hl7Segment(this, i);
                return true;
            }
        }

        segment = default;
        return false;
    }

    /// <summary>Gets every segment with an id, in order.</summary>
    /// <param name="id">The segment id.</param>
    /// <returns>The segments.</returns>
    public IEnumerable<Hl7Segment> GetSegments(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        for (var i = 0; i < _segments.Length; i++)
        {
            if (string.Equals(_segments[i].Id, id, StringComparison.Ordinal))
            {
                yield return new Hl7Segment(this, i);
            }
        }
    }

    /// <summary>Gets the unescaped value at a position such as <c>PID-3.1</c> or <c>OBX(2)-5</c>; empty when absent.</summary>
    /// <param name="position">The position: <c>SEG[(occurrence)]-field[(repetition)][.component[.subcomponent]]</c>.</param>
    /// <returns>The value, or an empty string when the segment or field is absent.</returns>
    /// <exception cref="FormatException"><paramref name="position"/> is not a valid position.</exception>
    public string GetValue(string position) => Get(position).Value;

    /// <summary>Gets the field, component or sub-component at a position such as <c>PID-3.4</c>.</summary>
    /// <param name="position">The position (see <see cref="GetValue(string)"/>).</param>
    /// <returns>The value's slice; empty when absent.</returns>
    /// <exception cref="FormatException"><paramref name="position"/> is not a valid position.</exception>
    public Hl7Field Get(string position)
    {
        ArgumentNullException.ThrowIfNull(position);
        var p = Hl7Position.Parse(position);
        if (!TryGetSegment(p.SegmentId, p.Occurrence, out var segment))
        {
            return new Hl7Field(ReadOnlyMemory<char>.Empty, Delimiters, literal: false);
        }

        var field = segment.GetField(p.Field);
        if (p.Repetition > 0)
        {
            field = field.GetRepetition(p.Repetition);
        }

        if (p.Component > 0)
        {
            field = field.GetComponent(p.Component);
            if (p.SubComponent > 0)
            {
                field = field.GetSubComponent(p.SubComponent);
            }
        }

        return field;
    }

    /// <summary>Writes the message as text with CR segment terminators.</summary>
    /// <returns>The message text.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder(_text.Length + 1);
        var span = _text.Span;
        foreach (var s in _segments)
        {
            sb.Append(span.Slice(s.Start, s.Length)).Append('\r');
        }

        return sb.ToString();
    }

    /// <summary>Encodes the message as UTF-8 with CR segment terminators into <paramref name="output"/>.</summary>
    /// <param name="output">The destination.</param>
    /// <returns>The number of bytes written.</returns>
    public int WriteTo(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var total = 0;
        var span = _text.Span;
        foreach (var s in _segments)
        {
            var chars = span.Slice(s.Start, s.Length);
            var destination = output.GetSpan(Encoding.UTF8.GetMaxByteCount(chars.Length) + 1);
            var written = Encoding.UTF8.GetBytes(chars, destination);
            destination[written++] = (byte)'\r';
            output.Advance(written);
            total += written;
        }

        return total;
    }

    /// <summary>Encodes the message as UTF-8 with CR segment terminators.</summary>
    /// <returns>The bytes.</returns>
    public byte[] ToUtf8()
    {
        var writer = new ArrayBufferWriter<byte>(_text.Length + 16);
        WriteTo(writer);
        return writer.WrittenSpan.ToArray();
    }

    internal string SegmentId(int index) => _segments[index].Id;

    internal ReadOnlyMemory<char> SegmentText(int index)
    {
        var s = _segments[index];
        return _text.Slice(s.Start, s.Length);
    }

    internal int PartCount(int index) => _segments[index].PartCount;

    internal ReadOnlyMemory<char> Part(int index, int part)
    {
        var s = _segments[index];
        if (part >= s.PartCount)
        {
            return ReadOnlyMemory<char>.Empty;
        }

        var at = (s.FirstPart + part) * 2;
        return _text.Slice(_parts[at], _parts[at + 1]);
    }

    internal static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        if (!Utf8.IsValid(bytes) && Hl7Header.TryRead(bytes, out var header)
            && header.CharacterSet.StartsWith("8859/1", StringComparison.Ordinal))
        {
            return Encoding.Latin1.GetString(bytes);
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private static Hl7Message? ParseCore(ReadOnlyMemory<char> memory, out Hl7ParseException? error)
    {
        error = null;
        var text = memory.Span;
        var pos = 0;
        while (pos < text.Length && (text[pos] is '\r' or '\n' || char.IsWhiteSpace(text[pos]) || text[pos] == '\uFEFF'))
        {
            pos++;
        }

        if (pos == text.Length)
        {
            error = new Hl7ParseException(Hl7ParseError.Empty, 0, null, 0, 0, 0, "the input holds no segment");
            return null;
        }

        if (text.Length - pos < 8 || !text.Slice(pos, 3).SequenceEqual("MSH"))
        {
            error = new Hl7ParseException(Hl7ParseError.MissingMsh, 1, null, 0, 0, pos, "a message starts with an MSH segment followed by MSH-1 and MSH-2");
            return null;
        }

        if (!TryReadDelimiters(text[pos..], out var delimiters, out var detail))
        {
            error = new Hl7ParseException(Hl7ParseError.InvalidDelimiters, 1, "MSH", 2, 0, pos + 3, detail);
            return null;
        }

        // Size the tables exactly: one part per field separator plus one per segment (upper bounds).
        var body = text[pos..];
        var maxSegments = body.Count('\r') + body.Count('\n') + 1;
        var maxParts = body.Count(delimiters.Field) + maxSegments + 1;
        var segments = new SegmentEntry[maxSegments];
        var parts = new int[maxParts * 2];
        var segmentCount = 0;
        var partCount = 0;
        var fieldSeparator = delimiters.Field;
        while (pos < text.Length)
        {
            var rest = text[pos..];
            var end = rest.IndexOfAny('\r', '\n');
            var length = end < 0 ? rest.Length : end;
            if (length > 0)
            {
                var segment = rest[..length];
                var index = segmentCount + 1;
                if (!IsSegmentId(segment, fieldSeparator))
                {
                    error = new Hl7ParseException(Hl7ParseError.InvalidSegmentId, index, segment.Length >= 3 ? segment[..3].ToString() : null, 0, 0, pos,
                        "a segment starts with three upper-case letters or digits (the first a letter) followed by the field separator or the end of the segment");
                    return null;
                }

                var id = SegmentIds.Get(segment[..3]);
                if (index > 1 && string.Equals(id, "MSH", StringComparison.Ordinal))
                {
                    // A second MSH would start another message; batches are not read as one message.
                    error = new Hl7ParseException(Hl7ParseError.InvalidSegmentId, index, id, 0, 0, pos, "a second MSH segment starts another message");
                    return null;
                }

                var firstPart = partCount;
                parts[partCount * 2] = pos;
                parts[(partCount * 2) + 1] = Math.Min(3, segment.Length);
                partCount++;
                var start = 4;
                if (index == 1)
                {
                    // MSH-2 (the encoding characters) is one part however it looks; it ends at the next field separator.
                    var next = segment[start..].IndexOf(fieldSeparator);
                    var msh2End = next < 0 ? segment.Length : start + next;
                    parts[partCount * 2] = pos + start;
                    parts[(partCount * 2) + 1] = msh2End - start;
                    partCount++;
                    start = msh2End + 1;
                }

                while (start <= segment.Length && segment.Length > 3)
                {
                    var next = start == segment.Length ? -1 : segment[start..].IndexOf(fieldSeparator);
                    var stop = next < 0 ? segment.Length : start + next;
                    parts[partCount * 2] = pos + start;
                    parts[(partCount * 2) + 1] = stop - start;
                    partCount++;
                    start = stop + 1;
                }

                segments[segmentCount++] = new SegmentEntry(pos, length, id, firstPart, partCount - firstPart);
            }

            if (end < 0)
            {
                break;
            }

            pos += end + 1;
        }

        if (segmentCount < segments.Length)
        {
            Array.Resize(ref segments, segmentCount);
        }

        return new Hl7Message(memory, delimiters, segments, parts);
    }

    internal static bool TryReadDelimiters(ReadOnlySpan<char> msh, out Hl7Delimiters delimiters, out string detail)
    {
        delimiters = default;
        var field = msh[3];
        var encoding = msh[4..];
        var end = encoding.IndexOfAny(field, '\r', '\n');
        if (end >= 0)
        {
            encoding = encoding[..end];
        }

        // v2.1–v2.6 declare four encoding characters; v2.7+ may add a fifth (truncation), which is accepted and ignored.
        if (encoding.Length is < 4 or > 5)
        {
            detail = "MSH-2 must hold four encoding characters (component, repetition, escape, sub-component)";
            return false;
        }

        delimiters = new Hl7Delimiters(field, encoding[0], encoding[1], encoding[2], encoding[3]);
        if (!delimiters.IsValid || (encoding.Length == 5 && (!Hl7Delimiters.IsUsable(encoding[4]) || delimiters.IsDelimiter(encoding[4]))))
        {
            detail = "MSH-1 and MSH-2 must be distinct printable characters that are not letters, digits or white space";
            return false;
        }

        detail = string.Empty;
        return true;
    }

    private static bool IsSegmentId(ReadOnlySpan<char> segment, char fieldSeparator)
    {
        if (segment.Length < 3 || (segment.Length > 3 && segment[3] != fieldSeparator))
        {
            return false;
        }

        return char.IsAsciiLetterUpper(segment[0])
            && (char.IsAsciiLetterUpper(segment[1]) || char.IsAsciiDigit(segment[1]))
            && (char.IsAsciiLetterUpper(segment[2]) || char.IsAsciiDigit(segment[2]));
    }

    private readonly record struct SegmentEntry(int Start, int Length, string Id, int FirstPart, int PartCount);

    private sealed class SegmentList(Hl7Message message) : IReadOnlyList<Hl7Segment>
    {
        public Hl7Segment this[int index] => message.GetSegment(index);

        public int Count => message._segments.Length;

        public IEnumerator<Hl7Segment> GetEnumerator()
        {
            for (var i = 0; i < message._segments.Length; i++)
            {
                yield return new Hl7Segment(message, i);
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
