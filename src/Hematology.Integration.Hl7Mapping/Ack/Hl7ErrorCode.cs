namespace Hematology.Integration.Hl7Mapping;

/// <summary>An HL7 error condition code (ERR-3, HL7 table 0357, v2.5.1).</summary>
public enum Hl7ErrorCode
{
    /// <summary>No code was given, or it was not a number.</summary>
    Unspecified = -1,

    /// <summary><c>0</c>: message accepted.</summary>
    MessageAccepted = 0,

    /// <summary><c>100</c>: segment sequence error.</summary>
    SegmentSequenceError = 100,

    /// <summary><c>101</c>: required field missing.</summary>
    RequiredFieldMissing = 101,

    /// <summary><c>102</c>: data type error.</summary>
    DataTypeError = 102,

    /// <summary><c>103</c>: table value not found.</summary>
    TableValueNotFound = 103,

    /// <summary><c>200</c>: unsupported message type.</summary>
    UnsupportedMessageType = 200,

    /// <summary><c>201</c>: unsupported event code.</summary>
    UnsupportedEventCode = 201,

    /// <summary><c>202</c>: unsupported processing id.</summary>
    UnsupportedProcessingId = 202,

    /// <summary><c>203</c>: unsupported version id.</summary>
    UnsupportedVersionId = 203,

    /// <summary><c>204</c>: unknown key identifier.</summary>
    UnknownKeyIdentifier = 204,

    /// <summary><c>205</c>: duplicate key identifier.</summary>
    DuplicateKeyIdentifier = 205,

    /// <summary><c>206</c>: application record locked.</summary>
    ApplicationRecordLocked = 206,

    /// <summary><c>207</c>: application internal error.</summary>
    ApplicationInternalError = 207,
}

/// <summary>The severity of an error (ERR-4, HL7 table 0516).</summary>
public enum Hl7ErrorSeverity
{
    /// <summary><c>E</c>: error; the message was not processed as sent.</summary>
    Error = 0,

    /// <summary><c>W</c>: warning; the message was processed.</summary>
    Warning,

    /// <summary><c>I</c>: information.</summary>
    Information,

    /// <summary><c>F</c>: fatal error (added to table 0516 after v2.5.1; some receivers send it).</summary>
    Fatal,
}

/// <summary>Texts and codes of the error tables.</summary>
public static class Hl7ErrorCodes
{
    /// <summary>The coding system of table 0357 as ERR-3.3 writes it.</summary>
    public const string CodingSystem = "HL70357";

    /// <summary>Gets the table 0357 text of a code, for ERR-3.2.</summary>
    /// <param name="code">The code.</param>
    /// <returns>The text, for example <c>Data type error</c>; empty for <see cref="Hl7ErrorCode.Unspecified"/> or unknown codes.</returns>
    public static string Text(this Hl7ErrorCode code) => code switch
    {
        Hl7ErrorCode.MessageAccepted => "Message accepted",
        Hl7ErrorCode.SegmentSequenceError => "Segment sequence error",
        Hl7ErrorCode.RequiredFieldMissing => "Required field missing",
        Hl7ErrorCode.DataTypeError => "Data type error",
        Hl7ErrorCode.TableValueNotFound => "Table value not found",
        Hl7ErrorCode.UnsupportedMessageType => "Unsupported message type",
        Hl7ErrorCode.UnsupportedEventCode => "Unsupported event code",
        Hl7ErrorCode.UnsupportedProcessingId => "Unsupported processing id",
        Hl7ErrorCode.UnsupportedVersionId => "Unsupported version id",
        Hl7ErrorCode.UnknownKeyIdentifier => "Unknown key identifier",
        Hl7ErrorCode.DuplicateKeyIdentifier => "Duplicate key identifier",
        Hl7ErrorCode.ApplicationRecordLocked => "Application record locked",
        Hl7ErrorCode.ApplicationInternalError => "Application internal error",
        _ => string.Empty,
    };

    /// <summary>Gets the table 0516 letter of a severity, for ERR-4.</summary>
    /// <param name="severity">The severity.</param>
    /// <returns><c>E</c>, <c>W</c>, <c>I</c> or <c>F</c>.</returns>
    public static string ToHl7(this Hl7ErrorSeverity severity) => severity switch
    {
        Hl7ErrorSeverity.Error => "E",
        Hl7ErrorSeverity.Warning => "W",
        Hl7ErrorSeverity.Information => "I",
        Hl7ErrorSeverity.Fatal => "F",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "Unknown severity."),
    };
}
