using System.Globalization;
using System.Text;

namespace Hematology.Integration.Hl7Mapping;

/// <summary>What is wrong with a text that was read as an HL7 v2 message.</summary>
public enum Hl7ParseError
{
    /// <summary>The input is empty or holds only segment terminators.</summary>
    Empty = 0,

    /// <summary>The message does not start with an MSH segment.</summary>
    MissingMsh,

    /// <summary>MSH-1 or MSH-2 does not declare five distinct, usable delimiters.</summary>
    InvalidDelimiters,

    /// <summary>A segment id is not three upper-case letters or digits starting with a letter.</summary>
    InvalidSegmentId,

    /// <summary>A segment the message needs is missing (for example MSA in an ACK).</summary>
    MissingSegment,

    /// <summary>A field the message needs is missing or empty (for example MSA-1).</summary>
    MissingField,

    /// <summary>A field holds a value that is not allowed there (for example an unknown MSA-1 code).</summary>
    InvalidValue,

    /// <summary>The input is longer than the configured limit.</summary>
    TooLong,
}

/// <summary>
/// Thrown when a text is not a readable HL7 v2 message. It says where: the segment (1-based index and id), the
/// field and the component, and the character offset. The message never contains field values, so it is safe to log.
/// </summary>
public sealed class Hl7ParseException : FormatException
{
    /// <summary>Creates an exception for a parse error at a location.</summary>
    /// <param name="error">What is wrong.</param>
    /// <param name="segmentIndex">The 1-based segment index, or 0 when not in a segment.</param>
    /// <param name="segmentId">The segment id, when known.</param>
    /// <param name="field">The field number, or 0 for the whole segment.</param>
    /// <param name="component">The component number, or 0 for the whole field.</param>
    /// <param name="position">The character offset in the input, or -1 when unknown.</param>
    /// <param name="detail">A short explanation without field values.</param>
    public Hl7ParseException(Hl7ParseError error, int segmentIndex, string? segmentId, int field, int component, long position, string detail)
        : base(Describe(error, segmentIndex, segmentId, field, component, position, detail))
    {
        Error = error;
        SegmentIndex = segmentIndex;
        SegmentId = segmentId is null ? null : Sanitize(segmentId);
        Field = field;
        Component = component;
        Position = position;
        Detail = detail;
    }

    /// <summary>Creates an exception with a message only (prefer the located constructor).</summary>
    public Hl7ParseException()
        : this(Hl7ParseError.InvalidValue, 0, null, 0, 0, -1, "invalid HL7 message")
    {
    }

    /// <summary>Creates an exception with a message only (prefer the located constructor).</summary>
    /// <param name="message">The message.</param>
    public Hl7ParseException(string message)
        : this(Hl7ParseError.InvalidValue, 0, null, 0, 0, -1, message)
    {
    }

    /// <summary>Creates an exception with a message and an inner exception (prefer the located constructor).</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public Hl7ParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = Hl7ParseError.InvalidValue;
        Detail = message;
        Position = -1;
    }

    /// <summary>Gets what is wrong.</summary>
    public Hl7ParseError Error { get; }

    /// <summary>Gets the 1-based index of the segment, or 0 when the error is not inside a segment.</summary>
    public int SegmentIndex { get; }

    /// <summary>Gets the segment id (for example <c>OBX</c>), when known.</summary>
    public string? SegmentId { get; }

    /// <summary>Gets the field number (MSH-1 is the field separator), or 0 for the whole segment.</summary>
    public int Field { get; }

    /// <summary>Gets the component number, or 0 for the whole field.</summary>
    public int Component { get; }

    /// <summary>Gets the character (or byte) offset in the input where the problem is, or -1 when unknown.</summary>
    public long Position { get; }

    /// <summary>Gets the short explanation, without field values.</summary>
    public string Detail { get; } = string.Empty;

    /// <summary>Gets the location as HL7 writes it, for example <c>OBX(3)-5.1</c>.</summary>
    public string Location
    {
        get
        {
            if (SegmentIndex == 0)
            {
                return Position >= 0 ? "offset " + Position.ToString(CultureInfo.InvariantCulture) : "message";
            }

            var sb = new StringBuilder();
            sb.Append(SegmentId ?? "segment").Append(" #").Append(SegmentIndex.ToString(CultureInfo.InvariantCulture));
            if (Field > 0)
            {
                sb.Append(", field ").Append(SegmentId ?? "?").Append('-').Append(Field.ToString(CultureInfo.InvariantCulture));
                if (Component > 0)
                {
                    sb.Append('.').Append(Component.ToString(CultureInfo.InvariantCulture));
                }
            }

            return sb.ToString();
        }
    }

    private static string Describe(Hl7ParseError error, int segmentIndex, string? segmentId, int field, int component, long position, string detail)
    {
        var sb = new StringBuilder("HL7 parse error (").Append(error.ToString()).Append(')');
        if (segmentIndex > 0)
        {
            sb.Append(" in segment ").Append(segmentIndex.ToString(CultureInfo.InvariantCulture));
            if (segmentId is not null)
            {
                sb.Append(" (").Append(Sanitize(segmentId)).Append(')');
            }
        }

        if (field > 0)
        {
            sb.Append(", field ").Append(field.ToString(CultureInfo.InvariantCulture));
        }

        if (component > 0)
        {
            sb.Append(", component ").Append(component.ToString(CultureInfo.InvariantCulture));
        }

        if (position >= 0)
        {
            sb.Append(", offset ").Append(position.ToString(CultureInfo.InvariantCulture));
        }

        return sb.Append(": ").Append(detail).ToString();
    }

    private static string Sanitize(string segmentId)
    {
        Span<char> buffer = stackalloc char[Math.Min(segmentId.Length, 3)];
        for (var i = 0; i < buffer.Length; i++)
        {
            var c = segmentId[i];
            buffer[i] = char.IsAsciiLetterOrDigit(c) ? c : '?';
        }

        return new string(buffer);
    }
}
