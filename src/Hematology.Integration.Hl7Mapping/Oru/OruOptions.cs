using Microsoft.Extensions.Options;

namespace Hematology.Integration.Hl7Mapping;

/// <summary>How <see cref="OruBuilder"/> writes ORU^R01 v2.5.1 messages. HD/EI values are written as given (components with <c>^</c>, sub-components with <c>&amp;</c>).</summary>
public sealed class OruOptions
{
    /// <summary>Gets or sets MSH-3, the sending application (HD), e.g. <c>HEMABRIDGE^2.16.840.1.113883.3.9999.1^ISO</c>.</summary>
    /// <value>The default is <c>HEMATOLOGY</c>.</value>
    public string SendingApplication { get; set; } = OruDefaults.SendingApplication;

    /// <summary>Gets or sets MSH-4, the sending facility (HD).</summary>
    /// <value>The default is empty.</value>
    public string SendingFacility { get; set; } = string.Empty;

    /// <summary>Gets or sets MSH-5, the receiving application (HD).</summary>
    /// <value>The default is empty.</value>
    public string ReceivingApplication { get; set; } = string.Empty;

    /// <summary>Gets or sets MSH-6, the receiving facility (HD).</summary>
    /// <value>The default is empty.</value>
    public string ReceivingFacility { get; set; } = string.Empty;

    /// <summary>Gets or sets MSH-11, the processing id (table 0103): <c>P</c> production, <c>T</c> training, <c>D</c> debugging.</summary>
    /// <value>The default is <c>P</c>.</value>
    public string ProcessingId { get; set; } = OruDefaults.ProcessingId;

    /// <summary>Gets or sets MSH-15, the accept acknowledgment type (table 0155: AL, NE, ER, SU); empty for original mode.</summary>
    /// <value>The default is empty (original acknowledgment mode: one AA/AE/AR per message).</value>
    public string AcceptAckType { get; set; } = string.Empty;

    /// <summary>Gets or sets MSH-16, the application acknowledgment type (table 0155); empty for original mode.</summary>
    /// <value>The default is empty.</value>
    public string ApplicationAckType { get; set; } = string.Empty;

    /// <summary>Gets or sets MSH-17, the country code (ISO 3166 alpha-3), e.g. <c>USA</c>.</summary>
    /// <value>The default is empty.</value>
    public string CountryCode { get; set; } = string.Empty;

    /// <summary>Gets or sets MSH-18, the character set (table 0211). Messages are always encoded as UTF-8.</summary>
    /// <value>The default is <c>UNICODE UTF-8</c>.</value>
    public string CharacterSet { get; set; } = OruDefaults.CharacterSet;

    /// <summary>Gets or sets MSH-21, the message profile identifiers (EI, repeating with <c>~</c>); empty to omit.</summary>
    /// <value>The default is empty.</value>
    public string MessageProfileId { get; set; } = string.Empty;

    /// <summary>Gets or sets the coding system of the local code in OBX-3.6 (<c>99</c> followed by letters or digits, or <c>L</c>).</summary>
    /// <value>The default is <c>99HEM</c>.</value>
    public string LocalCodingSystem { get; set; } = OruDefaults.LocalCodingSystem;

    /// <summary>Gets or sets the EI components 2–4 written after the placer order number (ORC-2/OBR-2), e.g. <c>EHR^2.16.840.1.113883.3.9999.20^ISO</c>.</summary>
    /// <value>The default is empty.</value>
    public string PlacerAssigningAuthority { get; set; } = string.Empty;

    /// <summary>Gets or sets the EI components 2–4 written after the filler order number (ORC-3/OBR-3), e.g. <c>CORELAB^2.16.840.1.113883.3.9999.2^ISO</c>.</summary>
    /// <value>The default is empty.</value>
    public string FillerAssigningAuthority { get; set; } = string.Empty;

    /// <summary>Gets or sets the assigning authority of PID-3 (HD as sub-components, e.g. <c>GENHOSP&amp;2.16.840.1.113883.3.9999.10&amp;ISO</c>) used when the patient has none.</summary>
    /// <value>The default is empty.</value>
    public string PatientAssigningAuthority { get; set; } = string.Empty;

    /// <summary>Gets or sets OBX-18.2, the namespace written after the instrument id.</summary>
    /// <value>The default is empty.</value>
    public string EquipmentNamespace { get; set; } = string.Empty;

    /// <summary>Gets or sets whether text results may be sent (OBX-2 ST). When not, a text result is a mapping error.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool AllowTextResults { get; set; }

    /// <summary>Gets or sets whether a unit the catalog cannot map to UCUM is a mapping error (otherwise it is sent as written).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool RejectUnknownUnits { get; set; } = true;

    /// <summary>Gets or sets whether a unit that does not fit its LOINC code (e.g. fL with RDW-CV 788-0) is a mapping error.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool CheckUnitFitsCode { get; set; } = true;

    /// <summary>Gets or sets whether OBX-8 is derived from the catalog's ranges (or the result's own range) when the analyzer gives no flag.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool DeriveInterpretation { get; set; } = true;

    /// <summary>Gets or sets whether instrument messages are sent as NTE segments.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool IncludeNotes { get; set; } = true;

    /// <summary>
    /// Gets or sets the time zone (system id, e.g. <c>Europe/Amsterdam</c>) all timestamps are written in, with their
    /// offset; empty to write each value in its own offset and MSH-7/OBR-22 in the <see cref="TimeProvider"/>'s local zone.
    /// </summary>
    /// <value>The default is empty.</value>
    public string TimeZoneId { get; set; } = string.Empty;
}

/// <summary>Validates <see cref="OruOptions"/>, reporting every problem at once.</summary>
public sealed class OruOptionsValidator : IValidateOptions<OruOptions>
{
    private static readonly string[] AckTypes = ["", "AL", "NE", "ER", "SU"];

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, OruOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        CheckHd(errors, nameof(OruOptions.SendingApplication), options.SendingApplication, required: true);
        CheckHd(errors, nameof(OruOptions.SendingFacility), options.SendingFacility, required: false);
        CheckHd(errors, nameof(OruOptions.ReceivingApplication), options.ReceivingApplication, required: false);
        CheckHd(errors, nameof(OruOptions.ReceivingFacility), options.ReceivingFacility, required: false);
        CheckHd(errors, nameof(OruOptions.PlacerAssigningAuthority), options.PlacerAssigningAuthority, required: false);
        CheckHd(errors, nameof(OruOptions.FillerAssigningAuthority), options.FillerAssigningAuthority, required: false);
        CheckHd(errors, nameof(OruOptions.EquipmentNamespace), options.EquipmentNamespace, required: false);
        CheckHd(errors, nameof(OruOptions.CharacterSet), options.CharacterSet, required: false);
        CheckHd(errors, nameof(OruOptions.CountryCode), options.CountryCode, required: false);
        if (options.PatientAssigningAuthority is null || options.PatientAssigningAuthority.AsSpan().IndexOfAny("|^~\r\n") >= 0)
        {
            errors.Add($"{nameof(OruOptions.PatientAssigningAuthority)} is an HD written with '&' between its parts and must not contain '|', '^', '~' or line breaks.");
        }

        if (options.MessageProfileId is null || options.MessageProfileId.AsSpan().IndexOfAny("|\r\n") >= 0)
        {
            errors.Add($"{nameof(OruOptions.MessageProfileId)} must not contain '|' or line breaks.");
        }

        var processing = options.ProcessingId ?? string.Empty;
        if (processing.Length == 0 || processing[0] is not ('P' or 'T' or 'D') || (processing.Length > 1 && processing[1] != '^') || processing.AsSpan().IndexOfAny("|~\r\n") >= 0)
        {
            errors.Add($"{nameof(OruOptions.ProcessingId)} must be P, T or D (optionally followed by ^ and a processing mode).");
        }

        if (!AckTypes.Contains(options.AcceptAckType ?? "?", StringComparer.Ordinal))
        {
            errors.Add($"{nameof(OruOptions.AcceptAckType)} must be empty, AL, NE, ER or SU.");
        }

        if (!AckTypes.Contains(options.ApplicationAckType ?? "?", StringComparer.Ordinal))
        {
            errors.Add($"{nameof(OruOptions.ApplicationAckType)} must be empty, AL, NE, ER or SU.");
        }

        var system = options.LocalCodingSystem ?? string.Empty;
        if (!(string.Equals(system, "L", StringComparison.Ordinal) || (system.Length is >= 3 and <= 20 && system.StartsWith("99", StringComparison.Ordinal) && system.All(char.IsAsciiLetterOrDigit))))
        {
            errors.Add($"{nameof(OruOptions.LocalCodingSystem)} must be L or 99 followed by 1 to 18 letters or digits (e.g. 99HEM).");
        }

        if (!string.IsNullOrEmpty(options.TimeZoneId) && !TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZoneId, out _))
        {
            errors.Add($"{nameof(OruOptions.TimeZoneId)} '{options.TimeZoneId}' is not a time zone this system knows.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckHd(List<string> errors, string name, string? value, bool required)
    {
        if (value is null || (required && value.Length == 0))
        {
            errors.Add($"{name} is required.");
        }
        else if (value.AsSpan().IndexOfAny("|~\\\r\n") >= 0)
        {
            errors.Add($"{name} must not contain '|', '~', '\\' or line breaks.");
        }
    }
}

internal static class OruDefaults
{
    public const string SendingApplication = "HEMATOLOGY";
    public const string ProcessingId = "P";
    public const string CharacterSet = "UNICODE UTF-8";
    public const string LocalCodingSystem = "99HEM";
    public const string Version = "2.5.1";
    public const string CbcPanel = "58410-2";
    public const string CbcPanelDisplay = "CBC panel - Blood by Automated count";
    public const string CbcDiffPanel = "57021-8";
    public const string CbcDiffPanelDisplay = "CBC W Auto Differential panel - Blood";
}
