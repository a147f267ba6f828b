namespace Hematology.Integration.Hl7Mapping;

/// <summary>Why a result cannot be put into an ORU^R01 message.</summary>
public enum Hl7MappingError
{
    /// <summary>The report has no results.</summary>
    NoResults = 0,

    /// <summary>The result has no LOINC code and the catalog does not know its local code (OBX-3 is required).</summary>
    MissingLoinc,

    /// <summary>The unit is missing or not a UCUM unit the catalog knows, and unknown units are rejected.</summary>
    UnknownUnit,

    /// <summary>The unit does not fit the LOINC code (for example fL with RDW-CV 788-0, or % with a count code).</summary>
    UnitMismatch,

    /// <summary>The result is text and text results (OBX-2 ST) are not allowed.</summary>
    TextNotAllowed,
}

/// <summary>
/// Thrown when a specimen report cannot be mapped to an ORU^R01 message. It names the result (1-based OBX index and
/// the analyzer's local code) and never carries patient data.
/// </summary>
public sealed class Hl7MappingException : Exception
{
    /// <summary>Creates an exception for a result that cannot be mapped.</summary>
    /// <param name="error">What is wrong.</param>
    /// <param name="resultIndex">The 1-based index of the result (its OBX-1), or 0 for the whole report.</param>
    /// <param name="localCode">The analyzer's code of the parameter, when known.</param>
    /// <param name="detail">A short explanation without patient data.</param>
    public Hl7MappingException(Hl7MappingError error, int resultIndex, string? localCode, string detail)
        : base($"ORU^R01 mapping error ({error}) at result {resultIndex}{(localCode is null ? string.Empty : " (" + localCode + ")")}: {detail}")
    {
        Error = error;
        ResultIndex = resultIndex;
        LocalCode = localCode;
    }

    /// <summary>Creates an exception with a message only (prefer the located constructor).</summary>
    public Hl7MappingException()
    {
    }

    /// <summary>Creates an exception with a message only (prefer the located constructor).</summary>
    /// <param name="message">The message.</param>
    public Hl7MappingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and a cause (prefer the located constructor).</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public Hl7MappingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets what is wrong.</summary>
    public Hl7MappingError Error { get; }

    /// <summary>Gets the 1-based index of the result (its OBX-1), or 0 for the whole report.</summary>
    public int ResultIndex { get; }

    /// <summary>Gets the analyzer's code of the parameter, when known.</summary>
    public string? LocalCode { get; }
}
