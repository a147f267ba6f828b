namespace Hematology.Integration;

/// <summary>
/// One validated measurement of one parameter on one specimen: what the Validation stage produces and the
/// Hl7Mapping stage turns into an OBX segment.
/// </summary>
public sealed record LabResult
{
    /// <summary>Gets the analyzer the result came from.</summary>
    public required AnalyzerId AnalyzerId { get; init; }

    /// <summary>Gets the specimen the result was measured on.</summary>
    public required Specimen Specimen { get; init; }

    /// <summary>Gets the patient, when the export identifies one.</summary>
    public PatientIdentity? Patient { get; init; }

    /// <summary>Gets the instrument that measured the result, when known.</summary>
    public InstrumentIdentity? Instrument { get; init; }

    /// <summary>Gets the analyzer's own code for the parameter, for example <c>WBC</c> (the OBX-3 alternate identifier).</summary>
    public required string LocalCode { get; init; }

    /// <summary>Gets the LOINC code the profile maps the parameter to (OBX-3), when mapped.</summary>
    public LoincCode? Loinc { get; init; }

    /// <summary>Gets the LOINC display text to send with the code, when known.</summary>
    public string? LoincDisplay { get; init; }

    /// <summary>Gets the value, in <see cref="Units"/>.</summary>
    public required ResultValue Value { get; init; }

    /// <summary>Gets the UCUM units of <see cref="Value"/> (OBX-6), for example <c>10*3/uL</c>.</summary>
    public string? Units { get; init; }

    /// <summary>Gets the units as the analyzer wrote them, kept for the audit trail (for example <c>x10³/µL</c>).</summary>
    public string? SourceUnits { get; init; }

    /// <summary>Gets the value as the analyzer wrote it, before any scaling or conversion.</summary>
    public string? SourceValue { get; init; }

    /// <summary>Gets the reference interval in <see cref="Units"/> (OBX-7), when known.</summary>
    public ReferenceRange? ReferenceRange { get; init; }

    /// <summary>Gets the interpretation (OBX-8).</summary>
    public ResultInterpretation Interpretation { get; init; }

    /// <summary>Gets the analyzer's raw mark or flag text, kept for the audit trail and notes.</summary>
    public string? SourceFlag { get; init; }

    /// <summary>Gets the result status (OBX-11).</summary>
    public ResultStatus Status { get; init; }

    /// <summary>Gets the physiologically relevant time: the specimen collection time when known (OBX-14).</summary>
    public DateTimeOffset? ObservedAt { get; init; }

    /// <summary>Gets when the instrument analysed the specimen (OBX-19).</summary>
    public DateTimeOffset? AnalyzedAt { get; init; }

    /// <summary>Gets instrument messages about this result, sent as NTE segments after its OBX.</summary>
    public IReadOnlyList<string> Comments { get; init; } = [];

    /// <summary>Gets the 1-based data row of the source file the result came from (0 when not from a file).</summary>
    public long SourceRow { get; init; }
}

/// <summary>
/// All results of one specimen from one file, with the specimen-level notes: the unit the pipeline turns into one
/// ORU^R01 message.
/// </summary>
public sealed record SpecimenReport
{
    /// <summary>Gets the analyzer the results came from.</summary>
    public required AnalyzerId AnalyzerId { get; init; }

    /// <summary>Gets the specimen.</summary>
    public required Specimen Specimen { get; init; }

    /// <summary>Gets the patient, when the export identifies one.</summary>
    public PatientIdentity? Patient { get; init; }

    /// <summary>Gets the instrument, when known.</summary>
    public InstrumentIdentity? Instrument { get; init; }

    /// <summary>Gets the results, in the order they appeared in the file.</summary>
    public required IReadOnlyList<LabResult> Results { get; init; }

    /// <summary>Gets specimen-level instrument messages (for example interpretive-program flags), sent as NTE after OBR.</summary>
    public IReadOnlyList<string> Comments { get; init; } = [];
}
