namespace Hematology.Integration.Validation.Profiles;

/// <summary>How an export arranges results.</summary>
public enum ProfileLayout
{
    /// <summary>One row per result: a test-code column and a value column.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "'Long' is the domain's name for a one-result-per-row layout.")]
    Long = 0,

    /// <summary>One row per specimen, one column per parameter (units in the header, optional mark column per parameter).</summary>
    Wide,
}

/// <summary>What a blank result cell or a sentinel means.</summary>
public enum ValueHandling
{
    /// <summary>The result becomes a not-reported value (HL7 OBX-11 = X), keeping what the analyzer wrote.</summary>
    NotReported = 0,

    /// <summary>The row is rejected.</summary>
    Reject,
}

/// <summary>What happens when a specimen's parameter (long layout) or a specimen (wide layout) appears again in a file.</summary>
public enum DuplicatePolicy
{
    /// <summary>The later row is rejected with <see cref="ValidationIssueCodes.Duplicate"/> and goes to quarantine for a human decision.</summary>
    Reject = 0,

    /// <summary>Both are kept; the later one carries a warning (the receiver decides which one wins).</summary>
    KeepWithWarning,
}

/// <summary>
/// Describes one analyzer's CSV export so that it can be validated without code: a lab writes it as JSON (see
/// <c>docs/profiles.md</c>) or starts from a built-in one in <see cref="AnalyzerProfiles"/>.
/// </summary>
public sealed record AnalyzerProfile
{
    /// <summary>Gets the profile's name, for logs and the audit trail (for example <c>generic-long</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Gets the layout.</summary>
    /// <value>The default is <see cref="ProfileLayout.Long"/>.</value>
    public ProfileLayout Layout { get; init; }

    /// <summary>Gets the field delimiter: an ASCII character such as <c>,</c> <c>;</c> <c>|</c> or a tab.</summary>
    /// <value>The default is <c>,</c>.</value>
    public char Delimiter { get; init; } = ',';

    /// <summary>Gets the decimal separator of numbers, <c>.</c> or <c>,</c> (never guessed).</summary>
    /// <value>The default is <c>.</c>.</value>
    public char DecimalSeparator { get; init; } = '.';

    /// <summary>Gets the culture name used to read timestamps (month names), for example <c>de-DE</c>; empty for the invariant culture.</summary>
    /// <value>The default is the invariant culture.</value>
    public string Culture { get; init; } = string.Empty;

    /// <summary>Gets the file encoding: <c>auto</c> (byte order mark, then strict UTF-8, then Windows-1252, then Latin-1) or a name such as <c>utf-8</c>, <c>windows-1252</c>, <c>iso-8859-1</c>, <c>utf-16</c>.</summary>
    /// <value>The default is <c>auto</c>.</value>
    public string Encoding { get; init; } = "auto";

    /// <summary>Gets the exact timestamp formats (.NET custom format strings), tried in order; with separate date and time columns they apply to <c>date + " " + time</c>.</summary>
    public IReadOnlyList<string> TimestampFormats { get; init; } = [];

    /// <summary>
    /// Gets the instrument's time zone (IANA or Windows id, for example <c>Europe/Berlin</c>, or <c>UTC</c>) used for
    /// timestamps without an offset. Required: it is never guessed from the machine.
    /// </summary>
    public string? TimeZone { get; init; }

    /// <summary>Gets which header names hold which fields.</summary>
    public required ProfileColumns Columns { get; init; }

    /// <summary>Gets header names (of <see cref="Columns"/>) that a file may lack, such as an optional specimen or instrument column.</summary>
    public IReadOnlyList<string> OptionalColumns { get; init; } = [];

    /// <summary>Gets the parameter map: the analyzer's local codes with their LOINC code, UCUM unit, accepted unit spellings and scaling.</summary>
    public IReadOnlyList<ParameterDefinition> Parameters { get; init; } = [];

    /// <summary>Gets code prefixes that mark research or service parameters, which are never reported (for example <c>@</c>).</summary>
    public IReadOnlyList<string> ExcludedCodePrefixes { get; init; } = [];

    /// <summary>Gets code suffixes that mark research parameters, which are never reported (for example <c>&amp;</c> as in <c>NEUT#&amp;</c>).</summary>
    public IReadOnlyList<string> ExcludedCodeSuffixes { get; init; } = [];

    /// <summary>Gets how quality-control rows are recognised; they never become patient results.</summary>
    public QualityControlRule? QualityControl { get; init; }

    /// <summary>Gets how a complete file ends.</summary>
    public CompletenessRule Completeness { get; init; } = new();

    /// <summary>Gets the flag map: analyzer flags or marks (exact text, after trimming) → interpretation. A flag not in the map rejects its row; the empty flag means <see cref="ResultInterpretation.None"/> unless mapped.</summary>
    public IReadOnlyDictionary<string, ResultInterpretation> Flags { get; init; } = new Dictionary<string, ResultInterpretation>(StringComparer.Ordinal);

    /// <summary>Gets the sentinels that stand for "no value" (for example <c>----</c>, <c>*****</c>, <c>+++++</c>, <c>.....</c>) and what each means.</summary>
    public IReadOnlyDictionary<string, ValueHandling> Sentinels { get; init; } = new Dictionary<string, ValueHandling>(StringComparer.Ordinal);

    /// <summary>Gets a value indicating whether values such as <c>&gt;1000</c> or <c>&lt;0.1</c> become off-scale values; otherwise they reject the row.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool OffScaleComparators { get; init; } = true;

    /// <summary>Gets what a blank result cell means.</summary>
    /// <value>The default is <see cref="ValueHandling.NotReported"/>.</value>
    public ValueHandling BlankValue { get; init; }

    /// <summary>Gets what happens to reruns and duplicates within a file.</summary>
    /// <value>The default is <see cref="DuplicatePolicy.Reject"/>.</value>
    public DuplicatePolicy Duplicates { get; init; }

    /// <summary>Gets the character between model and serial in the instrument column (<c>XN-1000^11001</c>).</summary>
    /// <value>The default is <c>^</c>.</value>
    public char InstrumentSeparator { get; init; } = '^';

    /// <summary>Gets the suffix of a wide layout's mark column (<c>WBC/M</c> holds the mark of <c>WBC</c>).</summary>
    /// <value>The default is <c>/M</c>.</value>
    public string MarkSuffix { get; init; } = "/M";

    /// <summary>Gets when a file with rejected rows is rejected as a whole.</summary>
    public FilePolicy FilePolicy { get; init; } = new();
}

/// <summary>Header names of the fields a profile reads; a field the export lacks stays <see langword="null"/>.</summary>
public sealed record ProfileColumns
{
    /// <summary>Gets the patient identifier column (protected health information).</summary>
    public string? PatientId { get; init; }

    /// <summary>Gets the specimen (sample) identifier column; without one, the patient id stands for the specimen.</summary>
    public string? SpecimenId { get; init; }

    /// <summary>Gets the test-code column (long layout).</summary>
    public string? TestCode { get; init; }

    /// <summary>Gets the result-value column (long layout).</summary>
    public string? Value { get; init; }

    /// <summary>Gets the units column (long layout); without one, the parameter's empty unit spelling applies.</summary>
    public string? Units { get; init; }

    /// <summary>Gets the flag column (long layout).</summary>
    public string? Flag { get; init; }

    /// <summary>Gets the column holding date and time together.</summary>
    public string? Timestamp { get; init; }

    /// <summary>Gets the date column, when date and time are separate.</summary>
    public string? Date { get; init; }

    /// <summary>Gets the time column, when date and time are separate.</summary>
    public string? Time { get; init; }

    /// <summary>Gets the instrument column (<c>model^serial</c>).</summary>
    public string? Instrument { get; init; }

    /// <summary>Gets the reference-range low column (long layout).</summary>
    public string? ReferenceLow { get; init; }

    /// <summary>Gets the reference-range high column (long layout).</summary>
    public string? ReferenceHigh { get; init; }
}

/// <summary>One parameter of the analyzer, as the profile maps it.</summary>
public sealed record ParameterDefinition
{
    /// <summary>Gets the analyzer's code: the test code (long layout) or the column name before the unit (wide layout), for example <c>WBC</c>.</summary>
    public required string Code { get; init; }

    /// <summary>Gets the LOINC code (check digit verified when the profile is loaded).</summary>
    public string? Loinc { get; init; }

    /// <summary>Gets the LOINC display text to send, when wanted.</summary>
    public string? LoincDisplay { get; init; }

    /// <summary>Gets the UCUM unit of the validated value (OBX-6), for example <c>10*3/uL</c>.</summary>
    public required string Units { get; init; }

    /// <summary>
    /// Gets the unit spellings the analyzer may write, each with the factor that turns its value into
    /// <see cref="Units"/> (<c>"10/uL": 0.01</c>). Spellings match after normalisation (µ/μ → u, ³ → ^3, spaces,
    /// a leading x, case). The empty spelling stands for "no unit written". When empty, only <see cref="Units"/> itself is accepted, with factor 1.
    /// </summary>
    public IReadOnlyDictionary<string, decimal> SourceUnits { get; init; } = new Dictionary<string, decimal>(StringComparer.Ordinal);

    /// <summary>Gets the lowest plausible value in <see cref="Units"/>; a lower number rejects the row (it suggests a shifted column or wrong scaling).</summary>
    public decimal? PlausibleLow { get; init; }

    /// <summary>Gets the highest plausible value in <see cref="Units"/>.</summary>
    public decimal? PlausibleHigh { get; init; }

    /// <summary>Gets a value indicating whether the parameter may be reported; a validated lab parameter is, research parameters are not.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Reportable { get; init; } = true;
}

/// <summary>How quality-control rows are recognised.</summary>
public sealed record QualityControlRule
{
    /// <summary>Gets the header name of a column whose value marks QC rows (for example an analysis-mode or sample-type column).</summary>
    public string? Column { get; init; }

    /// <summary>Gets the values of <see cref="Column"/> that mark a QC row (case-insensitive).</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>Gets identifier prefixes that mark QC material (for example <c>QC</c>), case-insensitive, matched against the specimen id and the patient id.</summary>
    public IReadOnlyList<string> SpecimenIdPrefixes { get; init; } = [];
}

/// <summary>How a complete file ends, so that a file still being written is not taken for a complete one.</summary>
public sealed record CompletenessRule
{
    /// <summary>Gets a value indicating whether the last row must end with a line break.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool RequireFinalNewline { get; init; } = true;

    /// <summary>Gets the text the first field of a trailer row starts with (for example <c>END</c>); when set, a file without the trailer is incomplete.</summary>
    public string? TrailerPrefix { get; init; }
}

/// <summary>When rejected rows make the whole file rejected. By default they never do: rows are set aside for quarantine, never dropped silently.</summary>
public sealed record FilePolicy
{
    /// <summary>Gets a value indicating whether any rejected row rejects the whole file.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool RejectFileOnAnyRejectedRow { get; init; }

    /// <summary>Gets the fraction of data rows (0 to 1) above which rejected rows reject the whole file, or <see langword="null"/> for no limit.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public double? MaxRejectedRowFraction { get; init; }
}
