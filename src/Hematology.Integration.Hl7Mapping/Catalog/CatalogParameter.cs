namespace Hematology.Integration.Hl7Mapping;

/// <summary>One parameter the catalog knows: an analyzer's local code and its LOINC code, display, property and unit.</summary>
public sealed record CatalogParameter
{
    /// <summary>Gets the local (analyzer) code, for example <c>WBC</c>; matched case-insensitively.</summary>
    public required string LocalCode { get; init; }

    /// <summary>Gets other spellings of the local code (for example <c>NE#</c>, <c>ANC</c> for <c>NEUT#</c>).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Gets the LOINC code (OBX-3.1).</summary>
    public required LoincCode Loinc { get; init; }

    /// <summary>Gets the LOINC display text (OBX-3.2). Display names drift between LOINC releases; the code is what counts.</summary>
    public required string Display { get; init; }

    /// <summary>Gets the LOINC property, which decides the units the code may carry.</summary>
    public required LoincProperty Property { get; init; }

    /// <summary>Gets the usual UCUM unit of the code.</summary>
    public required string Unit { get; init; }

    /// <summary>Gets whether the parameter belongs to the white-cell differential (its presence makes OBR-4 57021-8).</summary>
    public bool IsDifferential { get; init; }
}

/// <summary>
/// A laboratory's reference interval and critical (panic) limits for one LOINC code in one unit, optionally for one
/// sex. They derive OBX-8 (L/H/LL/HH/N) when the analyzer gives no flag. Reference intervals must come from the
/// laboratory; the catalog ships none.
/// </summary>
public sealed record CatalogRange
{
    /// <summary>Gets the LOINC code the range applies to.</summary>
    public required LoincCode Loinc { get; init; }

    /// <summary>Gets the UCUM unit the limits are expressed in.</summary>
    public required string Unit { get; init; }

    /// <summary>Gets the sex the range applies to, or <see langword="null"/> for any.</summary>
    public AdministrativeSex? Sex { get; init; }

    /// <summary>Gets the lower reference limit.</summary>
    public decimal? Low { get; init; }

    /// <summary>Gets the upper reference limit.</summary>
    public decimal? High { get; init; }

    /// <summary>Gets the lower critical limit: a value at or below it is <c>LL</c>.</summary>
    public decimal? CriticalLow { get; init; }

    /// <summary>Gets the upper critical limit: a value at or above it is <c>HH</c>.</summary>
    public decimal? CriticalHigh { get; init; }

    /// <summary>Gets the reference interval as OBX-7 writes it, or <see langword="null"/> when neither limit is set.</summary>
    public ReferenceRange? ReferenceRange => Low is null && High is null ? null : new ReferenceRange(Low, High);
}

/// <summary>Whether a unit fits a LOINC code.</summary>
public enum UnitCheck
{
    /// <summary>The unit fits the code's property.</summary>
    Compatible = 0,

    /// <summary>The unit is not a UCUM unit the catalog knows (after alias normalisation).</summary>
    UnknownUnit,

    /// <summary>The unit does not fit the code's property (for example <c>fL</c> with RDW-CV 788-0).</summary>
    Mismatch,

    /// <summary>The LOINC code is not in the catalog, so its property is unknown.</summary>
    UnknownCode,
}
