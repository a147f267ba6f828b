using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hematology.Integration.Validation.Profiles;

/// <summary>The built-in analyzer profiles, and loading profiles a lab writes as JSON.</summary>
/// <remarks>
/// Built-in profiles take the instrument's time zone as an argument: it is never guessed. They are records, so a
/// lab adapts one with <c>with { … }</c>.
/// </remarks>
public static class AnalyzerProfiles
{
    /// <summary>The name of the generic long layout (<c>Patient_ID, Test_Code, Result_Value, Units, Flag, Timestamp</c>).</summary>
    public const string GenericLongName = "generic-long";

    /// <summary>The name of the Sysmex-like wide layout (one row per sample, units and scaling in the header, <c>/M</c> mark columns).</summary>
    public const string SysmexWideName = "sysmex-wide";

    /// <summary>The name of the European long layout (semicolon, decimal comma, <c>dd.MM.yyyy</c>).</summary>
    public const string EuropeanLongName = "european-long";

    private static readonly JsonSerializerOptions JsonOptions = CreateJsonOptions();

    /// <summary>Gets the names of the built-in profiles.</summary>
    public static IReadOnlyList<string> BuiltInNames { get; } = [GenericLongName, SysmexWideName, EuropeanLongName];

    /// <summary>Gets a built-in profile by name.</summary>
    /// <param name="name">One of <see cref="BuiltInNames"/>.</param>
    /// <param name="timeZone">The instrument's time zone (IANA or Windows id, or <c>UTC</c>).</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a built-in profile.</exception>
    public static AnalyzerProfile BuiltIn(string name, string timeZone) => name switch
    {
        GenericLongName => GenericLong(timeZone),
        SysmexWideName => SysmexWide(timeZone),
        EuropeanLongName => EuropeanLong(timeZone),
        _ => throw new ArgumentException($"'{name}' is not a built-in profile; the built-in profiles are {string.Join(", ", BuiltInNames)}.", nameof(name)),
    };

    /// <summary>
    /// The generic long layout of the source design: <c>Patient_ID, Test_Code, Result_Value, Units, Flag, Timestamp</c>,
    /// with optional <c>Specimen_ID</c> and <c>Instrument</c> columns; comma, decimal point, ISO timestamps, conventional (US) units.
    /// </summary>
    /// <param name="timeZone">The instrument's time zone.</param>
    /// <returns>The profile.</returns>
    public static AnalyzerProfile GenericLong(string timeZone)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(timeZone);
        return new AnalyzerProfile
        {
            Name = GenericLongName,
            Layout = ProfileLayout.Long,
            Delimiter = ',',
            DecimalSeparator = '.',
            TimeZone = timeZone,
            TimestampFormats = ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd HH:mm"],
            Columns = new ProfileColumns
            {
                PatientId = "Patient_ID",
                SpecimenId = "Specimen_ID",
                TestCode = "Test_Code",
                Value = "Result_Value",
                Units = "Units",
                Flag = "Flag",
                Timestamp = "Timestamp",
                Instrument = "Instrument",
            },
            OptionalColumns = ["Specimen_ID", "Instrument"],
            Parameters = ConventionalCbc(),
            ExcludedCodePrefixes = ["@"],
            ExcludedCodeSuffixes = ["&"],
            QualityControl = new QualityControlRule { SpecimenIdPrefixes = ["QC"] },
            Flags = Map(("", ResultInterpretation.None), ("N", ResultInterpretation.Normal), ("L", ResultInterpretation.Low), ("H", ResultInterpretation.High),
                ("LL", ResultInterpretation.CriticalLow), ("HH", ResultInterpretation.CriticalHigh), ("A", ResultInterpretation.Abnormal),
                ("<", ResultInterpretation.BelowAbsoluteLow), (">", ResultInterpretation.AboveAbsoluteHigh)),
            Sentinels = CommonSentinels(),
        };
    }

    /// <summary>
    /// A Sysmex-like wide layout: one row per sample; <c>Instrument ID</c> as <c>model^serial</c>; <c>Analysis Date</c>
    /// (<c>yyyy/MM/dd</c>) and <c>Analysis Time</c>; <c>Sample No.</c>; units and scaling in the header
    /// (<c>WBC(10/uL)</c> = 806 → 8.06 10*3/uL); a <c>/M</c> mark column per parameter; research parameters
    /// (<c>NEUT#&amp;</c>, <c>@…</c>) excluded; QC by analysis mode or a <c>QC</c> sample-number prefix.
    /// </summary>
    /// <param name="timeZone">The instrument's time zone.</param>
    /// <returns>The profile.</returns>
    public static AnalyzerProfile SysmexWide(string timeZone)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(timeZone);
        return new AnalyzerProfile
        {
            Name = SysmexWideName,
            Layout = ProfileLayout.Wide,
            Delimiter = ',',
            DecimalSeparator = '.',
            TimeZone = timeZone,
            TimestampFormats = ["yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd HH:mm"],
            Columns = new ProfileColumns
            {
                Instrument = "Instrument ID",
                Date = "Analysis Date",
                Time = "Analysis Time",
                SpecimenId = "Sample No.",
                PatientId = "Patient ID",
            },
            OptionalColumns = ["Patient ID", "Analysis Mode"],
            Parameters =
            [
                Count("WBC", "6690-2", "10*3/uL", 0, 500, ("10/uL", 0.01m), ("10^2/uL", 0.01m), ("10^3/uL", 1m)),
                Count("RBC", "789-8", "10*6/uL", 0, 15, ("10^4/uL", 0.01m), ("10^6/uL", 1m)),
                Count("HGB", "718-7", "g/dL", 0, 30, ("g/L", 0.1m), ("g/dL", 1m)),
                Count("HCT", "4544-3", "%", 0, 100, ("10^(-1)%", 0.1m), ("%", 1m)),
                Count("MCV", "787-2", "fL", 30, 200, ("10^(-1)fL", 0.1m), ("fL", 1m)),
                Count("MCH", "785-6", "pg", 5, 80, ("10^(-1)pg", 0.1m), ("pg", 1m)),
                Count("MCHC", "786-4", "g/dL", 10, 60, ("g/L", 0.1m), ("g/dL", 1m)),
                Count("PLT", "777-3", "10*3/uL", 0, 5000, ("10^3/uL", 1m), ("10^4/uL", 10m)),
                Count("RDW-SD", "21000-5", "fL", 0, 200, ("10^(-1)fL", 0.1m), ("fL", 1m)),
                Count("RDW-CV", "788-0", "%", 0, 60, ("10^(-1)%", 0.1m), ("%", 1m)),
                Count("MPV", "32623-1", "fL", 0, 40, ("10^(-1)fL", 0.1m), ("fL", 1m)),
                Count("NEUT#", "751-8", "10*3/uL", 0, 500, ("10/uL", 0.01m), ("10^3/uL", 1m)),
                Count("LYMPH#", "731-0", "10*3/uL", 0, 500, ("10/uL", 0.01m), ("10^3/uL", 1m)),
                Count("MONO#", "742-7", "10*3/uL", 0, 500, ("10/uL", 0.01m), ("10^3/uL", 1m)),
                Count("EO#", "711-2", "10*3/uL", 0, 500, ("10/uL", 0.01m), ("10^3/uL", 1m)),
                Count("BASO#", "704-7", "10*3/uL", 0, 500, ("10/uL", 0.01m), ("10^3/uL", 1m)),
                Count("NEUT%", "770-8", "%", 0, 100, ("10^(-1)%", 0.1m), ("%", 1m)),
                Count("LYMPH%", "736-9", "%", 0, 100, ("10^(-1)%", 0.1m), ("%", 1m)),
                Count("MONO%", "5905-5", "%", 0, 100, ("10^(-1)%", 0.1m), ("%", 1m)),
                Count("EO%", "713-8", "%", 0, 100, ("10^(-1)%", 0.1m), ("%", 1m)),
                Count("BASO%", "706-2", "%", 0, 100, ("10^(-1)%", 0.1m), ("%", 1m)),
            ],
            ExcludedCodePrefixes = ["@"],
            ExcludedCodeSuffixes = ["&"],
            QualityControl = new QualityControlRule { Column = "Analysis Mode", Values = ["QC"], SpecimenIdPrefixes = ["QC"] },
            Flags = Map(("", ResultInterpretation.None), ("+", ResultInterpretation.High), ("-", ResultInterpretation.Low),
                ("@", ResultInterpretation.Abnormal), ("*", ResultInterpretation.Abnormal)),
            Sentinels = CommonSentinels(),
            InstrumentSeparator = '^',
            MarkSuffix = "/M",
        };
    }

    /// <summary>
    /// The European long layout: <c>SampleID;Date;Time;Test;Result;Unit;Flag;RefLow;RefHigh;Instrument</c>, semicolon,
    /// decimal comma, <c>dd.MM.yyyy</c>, SI units, instrument as <c>model#serial</c>, critical flags <c>L!</c>/<c>H!</c>.
    /// </summary>
    /// <param name="timeZone">The instrument's time zone.</param>
    /// <returns>The profile.</returns>
    public static AnalyzerProfile EuropeanLong(string timeZone)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(timeZone);
        return new AnalyzerProfile
        {
            Name = EuropeanLongName,
            Layout = ProfileLayout.Long,
            Delimiter = ';',
            DecimalSeparator = ',',
            Culture = "de-DE",
            TimeZone = timeZone,
            TimestampFormats = ["dd.MM.yyyy HH:mm:ss", "dd.MM.yyyy HH:mm"],
            Columns = new ProfileColumns
            {
                SpecimenId = "SampleID",
                Date = "Date",
                Time = "Time",
                TestCode = "Test",
                Value = "Result",
                Units = "Unit",
                Flag = "Flag",
                ReferenceLow = "RefLow",
                ReferenceHigh = "RefHigh",
                Instrument = "Instrument",
            },
            OptionalColumns = ["RefLow", "RefHigh", "Instrument"],
            Parameters =
            [
                Count("WBC", "6690-2", "10*9/L", 0, 500, ("10^9/L", 1m), ("G/L", 1m), ("/nL", 1m), ("10^3/uL", 1m)),
                Count("RBC", "789-8", "10*12/L", 0, 15, ("10^12/L", 1m), ("T/L", 1m), ("/pL", 1m), ("10^6/uL", 1m)),
                Count("HGB", "718-7", "g/L", 0, 300, ("g/L", 1m), ("g/dL", 10m)),
                Count("HCT", "4544-3", "%", 0, 100, ("%", 1m), ("L/L", 100m)),
                Count("MCV", "787-2", "fL", 30, 200, ("fL", 1m)),
                Count("MCH", "785-6", "pg", 5, 80, ("pg", 1m)),
                Count("MCHC", "786-4", "g/L", 100, 600, ("g/L", 1m), ("g/dL", 10m)),
                Count("PLT", "777-3", "10*9/L", 0, 5000, ("10^9/L", 1m), ("G/L", 1m), ("/nL", 1m), ("10^3/uL", 1m)),
                Count("RDW-CV", "788-0", "%", 0, 60, ("%", 1m)),
                Count("RDW-SD", "21000-5", "fL", 0, 200, ("fL", 1m)),
                Count("MPV", "32623-1", "fL", 0, 40, ("fL", 1m)),
                Count("NEUT#", "751-8", "10*9/L", 0, 500, ("10^9/L", 1m), ("G/L", 1m)),
                Count("NEUT%", "770-8", "%", 0, 100, ("%", 1m)),
                Count("LYMPH#", "731-0", "10*9/L", 0, 500, ("10^9/L", 1m), ("G/L", 1m)),
                Count("LYMPH%", "736-9", "%", 0, 100, ("%", 1m)),
            ],
            ExcludedCodePrefixes = ["@"],
            ExcludedCodeSuffixes = ["&"],
            QualityControl = new QualityControlRule { SpecimenIdPrefixes = ["QC"] },
            Flags = Map(("", ResultInterpretation.None), ("N", ResultInterpretation.Normal), ("L", ResultInterpretation.Low), ("H", ResultInterpretation.High),
                ("L!", ResultInterpretation.CriticalLow), ("H!", ResultInterpretation.CriticalHigh)),
            Sentinels = CommonSentinels(),
            InstrumentSeparator = '#',
        };
    }

    /// <summary>Reads a profile from JSON and checks it (LOINC check digits, time zone, columns…).</summary>
    /// <param name="json">The profile's JSON text.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="AnalyzerProfileException">The JSON is not a valid profile; every problem is listed.</exception>
    public static AnalyzerProfile FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        AnalyzerProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize<AnalyzerProfile>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new AnalyzerProfileException($"The profile JSON cannot be read at {ex.Path ?? "$"} (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }

        return Checked(profile);
    }

    /// <summary>Reads a profile from a JSON stream and checks it.</summary>
    /// <param name="json">The JSON stream (UTF-8).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="AnalyzerProfileException">The JSON is not a valid profile; every problem is listed.</exception>
    public static async ValueTask<AnalyzerProfile> LoadAsync(Stream json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        AnalyzerProfile? profile;
        try
        {
            profile = await JsonSerializer.DeserializeAsync<AnalyzerProfile>(json, JsonOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new AnalyzerProfileException($"The profile JSON cannot be read at {ex.Path ?? "$"} (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }

        return Checked(profile);
    }

    /// <summary>Writes a profile as JSON, in the form <see cref="FromJson"/> reads.</summary>
    /// <param name="profile">The profile.</param>
    /// <returns>Indented JSON.</returns>
    public static string ToJson(AnalyzerProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return JsonSerializer.Serialize(profile, JsonOptions);
    }

    /// <summary>Checks a profile, throwing with every problem found.</summary>
    /// <param name="profile">The profile.</param>
    /// <exception cref="AnalyzerProfileException">The profile is not usable.</exception>
    public static void Validate(AnalyzerProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        _ = CompiledProfile.Get(profile);
    }

    private static AnalyzerProfile Checked(AnalyzerProfile? profile)
    {
        if (profile is null)
        {
            throw new AnalyzerProfileException("The profile JSON is null.");
        }

        Validate(profile);
        return profile;
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            PropertyNameCaseInsensitive = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static List<ParameterDefinition> ConventionalCbc() =>
    [
        Count("WBC", "6690-2", "10*3/uL", 0, 500, ("10^3/uL", 1m), ("K/uL", 1m), ("thou/uL", 1m), ("10^9/L", 1m), ("G/L", 1m), ("/nL", 1m)),
        Count("RBC", "789-8", "10*6/uL", 0, 15, ("10^6/uL", 1m), ("M/uL", 1m), ("mill/uL", 1m), ("10^12/L", 1m), ("T/L", 1m)),
        Count("HGB", "718-7", "g/dL", 0, 30, ("g/dL", 1m), ("g%", 1m), ("g/L", 0.1m)),
        Count("HCT", "4544-3", "%", 0, 100, ("%", 1m), ("L/L", 100m)),
        Count("MCV", "787-2", "fL", 30, 200, ("fL", 1m), ("um^3", 1m)),
        Count("MCH", "785-6", "pg", 5, 80, ("pg", 1m)),
        Count("MCHC", "786-4", "g/dL", 10, 60, ("g/dL", 1m), ("g/L", 0.1m)),
        Count("RDW-CV", "788-0", "%", 0, 60, ("%", 1m)),
        Count("RDW-SD", "21000-5", "fL", 0, 200, ("fL", 1m)),
        Count("PLT", "777-3", "10*3/uL", 0, 5000, ("10^3/uL", 1m), ("K/uL", 1m), ("10^9/L", 1m), ("G/L", 1m)),
        Count("MPV", "32623-1", "fL", 0, 40, ("fL", 1m)),
        Count("NEUT#", "751-8", "10*3/uL", 0, 500, ("10^3/uL", 1m), ("K/uL", 1m), ("10^9/L", 1m)),
        Count("NEUT%", "770-8", "%", 0, 100, ("%", 1m)),
        Count("LYMPH#", "731-0", "10*3/uL", 0, 500, ("10^3/uL", 1m), ("K/uL", 1m), ("10^9/L", 1m)),
        Count("LYMPH%", "736-9", "%", 0, 100, ("%", 1m)),
        Count("MONO#", "742-7", "10*3/uL", 0, 500, ("10^3/uL", 1m), ("K/uL", 1m), ("10^9/L", 1m)),
        Count("MONO%", "5905-5", "%", 0, 100, ("%", 1m)),
        Count("EO#", "711-2", "10*3/uL", 0, 500, ("10^3/uL", 1m), ("K/uL", 1m), ("10^9/L", 1m)),
        Count("EO%", "713-8", "%", 0, 100, ("%", 1m)),
        Count("BASO#", "704-7", "10*3/uL", 0, 500, ("10^3/uL", 1m), ("K/uL", 1m), ("10^9/L", 1m)),
        Count("BASO%", "706-2", "%", 0, 100, ("%", 1m)),
    ];

    private static ParameterDefinition Count(string code, string loinc, string units, decimal low, decimal high, params (string Spelling, decimal Factor)[] spellings)
    {
        var map = new Dictionary<string, decimal>(StringComparer.Ordinal) { [units] = 1m };
        foreach (var (spelling, factor) in spellings)
        {
            map[spelling] = factor;
        }

        return new ParameterDefinition { Code = code, Loinc = loinc, Units = units, SourceUnits = map, PlausibleLow = low, PlausibleHigh = high };
    }

    private static Dictionary<string, ResultInterpretation> Map(params (string Flag, ResultInterpretation Meaning)[] entries) =>
        entries.ToDictionary(e => e.Flag, e => e.Meaning, StringComparer.Ordinal);

    private static Dictionary<string, ValueHandling> CommonSentinels() => new(StringComparer.Ordinal)
    {
        ["----"] = ValueHandling.NotReported,
        ["---"] = ValueHandling.NotReported,
        ["*****"] = ValueHandling.NotReported,
        ["+++++"] = ValueHandling.NotReported,
        ["....."] = ValueHandling.NotReported,
    };
}
