using System.Globalization;
using System.Text;

namespace Hematology.Integration.Hl7Mapping;

/// <summary>
/// Where an error is (ERR-2, data type ERL): <c>SegmentID^Sequence^Field^Repetition^Component^SubComponent</c>,
/// for example <c>OBX^2^5^1</c>. Numbers of 0 are left empty.
/// </summary>
/// <param name="SegmentId">The segment id, for example <c>OBX</c>.</param>
/// <param name="SegmentSequence">Which occurrence of the segment (1-based), or 0.</param>
/// <param name="Field">The field position, or 0.</param>
/// <param name="FieldRepetition">The field repetition (1-based), or 0.</param>
/// <param name="Component">The component, or 0.</param>
/// <param name="SubComponent">The sub-component, or 0.</param>
public sealed record Hl7ErrorLocation(string SegmentId, int SegmentSequence = 0, int Field = 0, int FieldRepetition = 0, int Component = 0, int SubComponent = 0)
{
    /// <summary>Writes the location as ERR-2 does, with <c>^</c> between components.</summary>
    /// <returns>For example <c>OBX^2^5^1</c>.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder(SegmentId);
        int[] numbers = [SegmentSequence, Field, FieldRepetition, Component, SubComponent];
        var last = Array.FindLastIndex(numbers, n => n > 0);
        for (var i = 0; i <= last; i++)
        {
            sb.Append('^');
            if (numbers[i] > 0)
            {
                sb.Append(numbers[i].ToString(CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }
}

/// <summary>One ERR segment of an acknowledgment: what went wrong, where, and how badly.</summary>
public sealed record AckError
{
    /// <summary>Gets where the error is (ERR-2), when known.</summary>
    public Hl7ErrorLocation? Location { get; init; }

    /// <summary>Gets the HL7 error code (ERR-3.1, table 0357).</summary>
    public Hl7ErrorCode Code { get; init; } = Hl7ErrorCode.ApplicationInternalError;

    /// <summary>Gets the code's text as the sender wrote it (ERR-3.2), or the table text when building.</summary>
    public string? CodeText { get; init; }

    /// <summary>Gets the severity (ERR-4).</summary>
    public Hl7ErrorSeverity Severity { get; init; }

    /// <summary>Gets diagnostic information for the sending system's support staff (ERR-7). Never put patient data here.</summary>
    public string? DiagnosticInformation { get; init; }

    /// <summary>Gets a message for the user (ERR-8).</summary>
    public string? UserMessage { get; init; }

    /// <summary>Creates an error that describes an <see cref="Hl7ParseException"/>, located where the parser stopped.</summary>
    /// <param name="exception">The parse error.</param>
    /// <returns>The error: 100 for segment problems, 101 for a missing field, 102 for anything else.</returns>
    public static AckError FromParseException(Hl7ParseException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var code = exception.Error switch
        {
            Hl7ParseError.InvalidSegmentId or Hl7ParseError.MissingMsh or Hl7ParseError.MissingSegment or Hl7ParseError.Empty => Hl7ErrorCode.SegmentSequenceError,
            Hl7ParseError.MissingField => Hl7ErrorCode.RequiredFieldMissing,
            _ => Hl7ErrorCode.DataTypeError,
        };
        return new AckError
        {
            Code = code,
            Location = exception.SegmentId is null ? null : new Hl7ErrorLocation(exception.SegmentId, 0, exception.Field, 0, exception.Component),
            Severity = Hl7ErrorSeverity.Error,
            DiagnosticInformation = exception.Detail,
        };
    }
}
