namespace Hematology.Integration;

/// <summary>
/// Who a specimen belongs to, as the analyzer export states it. This is protected health information: it goes
/// into the HL7 payload and into quarantined files only, never into logs, metrics or audit details.
/// </summary>
/// <remarks><see cref="ToString"/> is redacted so that an accidental log call cannot leak it.</remarks>
public sealed record PatientIdentity
{
    /// <summary>Gets the patient identifier (PID-3.1), for example a medical record number.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the authority that assigned <see cref="Id"/> (PID-3.4), when known.</summary>
    public string? AssigningAuthority { get; init; }

    /// <summary>Gets the identifier type code (PID-3.5, HL7 table 0203).</summary>
    /// <value>The default is <c>MR</c> (medical record number).</value>
    public string IdentifierType { get; init; } = "MR";

    /// <summary>Gets the family name (PID-5.1), when the export carries it.</summary>
    public string? FamilyName { get; init; }

    /// <summary>Gets the given name (PID-5.2), when the export carries it.</summary>
    public string? GivenName { get; init; }

    /// <summary>Gets the date of birth (PID-7), when the export carries it.</summary>
    public DateOnly? BirthDate { get; init; }

    /// <summary>Gets the administrative sex (PID-8).</summary>
    public AdministrativeSex Sex { get; init; }

    /// <summary>Returns a redacted text: patient data never reaches a log through this method.</summary>
    /// <returns><c>PatientIdentity { redacted }</c>.</returns>
    public override string ToString() => "PatientIdentity { redacted }";
}

/// <summary>The specimen (sample) a result was measured on.</summary>
public sealed record Specimen
{
    /// <summary>Gets the specimen or accession id as the analyzer reports it (the filler order number, ORC-3/OBR-3).</summary>
    public required string Id { get; init; }

    /// <summary>Gets the placer order number (ORC-2/OBR-2), when known.</summary>
    public string? PlacerOrderNumber { get; init; }

    /// <summary>Gets when the specimen was collected (OBR-7, OBX-14), when known.</summary>
    public DateTimeOffset? CollectedAt { get; init; }

    /// <summary>Gets when the laboratory received the specimen, when known.</summary>
    public DateTimeOffset? ReceivedAt { get; init; }

    /// <summary>Returns a redacted text: a specimen id can identify a patient, so it never reaches a log through this method.</summary>
    /// <returns><c>Specimen { redacted }</c>.</returns>
    public override string ToString() => "Specimen { redacted }";
}

/// <summary>The instrument that produced a result (OBX-18), so results from identical analyzers stay attributable.</summary>
/// <param name="Model">The instrument model, for example <c>XN-1000</c>.</param>
/// <param name="Serial">The serial number, when known.</param>
public sealed record InstrumentIdentity(string Model, string? Serial)
{
    /// <summary>Writes the identity as analyzers export it: <c>model^serial</c>, or the model alone.</summary>
    /// <returns>The identity's text.</returns>
    public override string ToString() => Serial is null ? Model : Model + "^" + Serial;
}
