namespace Hematology.Integration;

/// <summary>
/// A result's interpretation, as HL7 v2.5.1 table 0078 (OBX-8) expresses it. Mapping from an analyzer's own
/// marks happens in the analyzer profile; mapping to HL7 codes happens in Hl7Mapping.
/// </summary>
public enum ResultInterpretation
{
    /// <summary>No flag: the analyzer gave none and no reference range applied.</summary>
    None = 0,

    /// <summary>Normal (<c>N</c>).</summary>
    Normal,

    /// <summary>Below the low normal limit (<c>L</c>).</summary>
    Low,

    /// <summary>Above the high normal limit (<c>H</c>).</summary>
    High,

    /// <summary>Below the lower panic limit (<c>LL</c>).</summary>
    CriticalLow,

    /// <summary>Above the upper panic limit (<c>HH</c>).</summary>
    CriticalHigh,

    /// <summary>Below the absolute low, off the instrument's scale (<c>&lt;</c>).</summary>
    BelowAbsoluteLow,

    /// <summary>Above the absolute high, off the instrument's scale (<c>&gt;</c>).</summary>
    AboveAbsoluteHigh,

    /// <summary>Abnormal, for non-numeric results (<c>A</c>).</summary>
    Abnormal,

    /// <summary>Very abnormal, for non-numeric results (<c>AA</c>).</summary>
    CriticalAbnormal,
}

/// <summary>The status of a result (HL7 OBX-11, table 0085).</summary>
public enum ResultStatus
{
    /// <summary>Final (<c>F</c>).</summary>
    Final = 0,

    /// <summary>A correction of a previously sent final result (<c>C</c>).</summary>
    Corrected,

    /// <summary>Preliminary (<c>P</c>).</summary>
    Preliminary,
}

/// <summary>A patient's administrative sex (HL7 table 0001).</summary>
public enum AdministrativeSex
{
    /// <summary>Unknown (<c>U</c>).</summary>
    Unknown = 0,

    /// <summary>Female (<c>F</c>).</summary>
    Female,

    /// <summary>Male (<c>M</c>).</summary>
    Male,

    /// <summary>Other (<c>O</c>).</summary>
    Other,

    /// <summary>Ambiguous (<c>A</c>).</summary>
    Ambiguous,

    /// <summary>Not applicable (<c>N</c>).</summary>
    NotApplicable,
}
