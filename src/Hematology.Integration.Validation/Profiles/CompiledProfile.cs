using System.Globalization;
using System.Runtime.CompilerServices;

namespace Hematology.Integration.Validation.Profiles;

/// <summary>A checked profile with its lookups built once (cached per profile instance).</summary>
internal sealed class CompiledProfile
{
    private static readonly ConditionalWeakTable<AnalyzerProfile, CompiledProfile> Cache = new();

    private CompiledProfile(AnalyzerProfile profile, List<string> errors)
    {
        Profile = profile;
        var name = profile.Name;
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add("Name is required.");
        }

        if (profile.Delimiter is '"' or '\r' or '\n' or '\0' || profile.Delimiter > 127)
        {
            errors.Add($"Delimiter must be an ASCII character other than a quote or a line break (was U+{(int)profile.Delimiter:X4}).");
        }

        if (profile.DecimalSeparator is not ('.' or ','))
        {
            errors.Add($"DecimalSeparator must be '.' or ',' (was '{profile.DecimalSeparator}').");
        }
        else if (profile.DecimalSeparator == profile.Delimiter)
        {
            errors.Add("DecimalSeparator must differ from Delimiter.");
        }

        NumberFormat = (NumberFormatInfo)NumberFormatInfo.InvariantInfo.Clone();
        NumberFormat.NumberDecimalSeparator = profile.DecimalSeparator == ',' ? "," : ".";
        NumberFormat.NumberGroupSeparator = profile.DecimalSeparator == ',' ? "." : ",";

        Culture = CultureInfo.InvariantCulture;
        if (!string.IsNullOrEmpty(profile.Culture))
        {
            try
            {
                Culture = CultureInfo.GetCultureInfo(profile.Culture, predefinedOnly: true);
            }
            catch (CultureNotFoundException)
            {
                errors.Add($"Culture '{profile.Culture}' is not known.");
            }
        }

        TimeZone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(profile.TimeZone))
        {
            errors.Add("TimeZone is required: the instrument's time zone is never guessed (use an IANA id such as 'Europe/Berlin', or 'UTC').");
        }
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(profile.TimeZone, out var zone))
        {
            errors.Add($"TimeZone '{profile.TimeZone}' is not known.");
        }
        else
        {
            TimeZone = zone;
        }

        if (profile.TimestampFormats is null || profile.TimestampFormats.Count == 0 || profile.TimestampFormats.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("TimestampFormats must list at least one non-empty format.");
            TimestampFormats = [];
        }
        else
        {
            TimestampFormats = [.. profile.TimestampFormats];
        }

        FastTimestampFormats = TimestampFormats.Select(f => Engine.FixedTimestampFormat.TryCreate(f, Culture)).ToArray();

        Encoding = ResolveEncoding(profile.Encoding, errors);
        ExcludedPrefixes = (profile.ExcludedCodePrefixes ?? []).Where(p => !string.IsNullOrEmpty(p)).ToArray();
        ExcludedSuffixes = (profile.ExcludedCodeSuffixes ?? []).Where(p => !string.IsNullOrEmpty(p)).ToArray();
        QualityControlPrefixes = (profile.QualityControl?.SpecimenIdPrefixes ?? []).Where(p => !string.IsNullOrEmpty(p)).ToArray();
        QualityControlValues = (profile.QualityControl?.Values ?? []).ToArray();
        CheckColumns(profile, errors);

        Parameters = new Dictionary<string, CompiledParameter>(StringComparer.OrdinalIgnoreCase);
        ParameterLookup = Parameters.GetAlternateLookup<ReadOnlySpan<char>>();
        if (profile.Parameters is null || profile.Parameters.Count == 0)
        {
            errors.Add("Parameters must list at least one parameter.");
        }
        else
        {
            foreach (var parameter in profile.Parameters)
            {
                var compiled = CompiledParameter.Create(parameter, Parameters.Count, errors);
                if (compiled is null)
                {
                    continue;
                }

                if (!Parameters.TryAdd(parameter.Code, compiled))
                {
                    errors.Add($"Parameter '{parameter.Code}' is defined twice.");
                }
            }
        }

        Flags = new Dictionary<string, ResultInterpretation>(profile.Flags ?? new Dictionary<string, ResultInterpretation>(StringComparer.Ordinal), StringComparer.Ordinal);
        FlagLookup = Flags.GetAlternateLookup<ReadOnlySpan<char>>();
        Sentinels = new Dictionary<string, ValueHandling>(profile.Sentinels ?? new Dictionary<string, ValueHandling>(StringComparer.Ordinal), StringComparer.Ordinal);
        SentinelLookup = Sentinels.GetAlternateLookup<ReadOnlySpan<char>>();
        if (Sentinels.Keys.Any(k => k.Length == 0))
        {
            errors.Add("Sentinels cannot contain the empty text; use BlankValue for blank cells.");
        }

        if (profile.FilePolicy?.MaxRejectedRowFraction is { } fraction && (double.IsNaN(fraction) || fraction < 0 || fraction > 1))
        {
            errors.Add($"FilePolicy.MaxRejectedRowFraction must be between 0 and 1 (was {fraction.ToString(CultureInfo.InvariantCulture)}).");
        }

        if (string.IsNullOrEmpty(profile.MarkSuffix))
        {
            errors.Add("MarkSuffix must not be empty.");
        }

        if (profile.Completeness?.TrailerPrefix is { Length: 0 })
        {
            errors.Add("Completeness.TrailerPrefix must not be empty when set.");
        }
    }

    public AnalyzerProfile Profile { get; }

    public NumberFormatInfo NumberFormat { get; }

    public CultureInfo Culture { get; }

    public TimeZoneInfo TimeZone { get; }

    public string[] TimestampFormats { get; }

    /// <summary>Gets, per timestamp format, a fast parser when the format has fixed-width numeric fields only (else <see langword="null"/>).</summary>
    public Engine.FixedTimestampFormat?[] FastTimestampFormats { get; }

    /// <summary>Gets the encoding the profile pins, or <see langword="null"/> for detection.</summary>
    public System.Text.Encoding? Encoding { get; }

    public Dictionary<string, CompiledParameter> Parameters { get; }

    public Dictionary<string, CompiledParameter>.AlternateLookup<ReadOnlySpan<char>> ParameterLookup { get; }

    public Dictionary<string, ResultInterpretation> Flags { get; }

    public Dictionary<string, ResultInterpretation>.AlternateLookup<ReadOnlySpan<char>> FlagLookup { get; }

    public Dictionary<string, ValueHandling> Sentinels { get; }

    public Dictionary<string, ValueHandling>.AlternateLookup<ReadOnlySpan<char>> SentinelLookup { get; }

    public static CompiledProfile Get(AnalyzerProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (Cache.TryGetValue(profile, out var cached))
        {
            return cached;
        }

        var errors = new List<string>();
        var compiled = new CompiledProfile(profile, errors);
        if (errors.Count > 0)
        {
            throw new AnalyzerProfileException(profile.Name, errors);
        }

        return Cache.GetValue(profile, _ => compiled);
    }

    public string[] ExcludedPrefixes { get; }

    public string[] ExcludedSuffixes { get; }

    public string[] QualityControlPrefixes { get; }

    public string[] QualityControlValues { get; }

    public bool IsExcludedCode(ReadOnlySpan<char> code)
    {
        foreach (var prefix in ExcludedPrefixes)
        {
            if (prefix.Length > 0 && code.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (var suffix in ExcludedSuffixes)
        {
            if (suffix.Length > 0 && code.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static System.Text.Encoding? ResolveEncoding(string? name, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(name) || string.Equals(name, "auto", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        Encodings.EnsureRegistered();
        System.Text.Encoding encoding;
        try
        {
            encoding = System.Text.Encoding.GetEncoding(name);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            // NotSupportedException: a known name whose support .NET disables (UTF-7).
            errors.Add($"Encoding '{name}' is not known or not supported (use 'auto', 'utf-8', 'windows-1252', 'iso-8859-1' or 'utf-16').");
            return null;
        }

        if (encoding.CodePage is 12000 or 12001)
        {
            // The same rule as detection: a UTF-32 byte order mark rejects the file.
            errors.Add($"Encoding '{name}' (UTF-32) is not supported (use 'auto', 'utf-8', 'windows-1252', 'iso-8859-1' or 'utf-16').");
            return null;
        }

        return encoding;
    }

    private static void CheckColumns(AnalyzerProfile profile, List<string> errors)
    {
        var columns = profile.Columns;
        if (columns is null)
        {
            errors.Add("Columns is required.");
            return;
        }

        if (columns.SpecimenId is null && columns.PatientId is null)
        {
            errors.Add("Columns must name a SpecimenId or a PatientId column.");
        }

        if (columns.Timestamp is null && columns.Date is null)
        {
            errors.Add("Columns must name a Timestamp column or a Date column (with an optional Time column).");
        }

        if (profile.Layout == ProfileLayout.Long)
        {
            if (columns.TestCode is null)
            {
                errors.Add("A long layout needs a TestCode column.");
            }

            if (columns.Value is null)
            {
                errors.Add("A long layout needs a Value column.");
            }
        }

        var names = new[]
        {
            columns.PatientId, columns.SpecimenId, columns.TestCode, columns.Value, columns.Units, columns.Flag,
            columns.Timestamp, columns.Date, columns.Time, columns.Instrument, columns.ReferenceLow, columns.ReferenceHigh,
        }.Where(n => n is not null).ToList();
        foreach (var duplicate in names.GroupBy(n => n!.Trim(), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            errors.Add($"Columns names '{duplicate.Key}' for more than one field.");
        }

        if (names.Any(n => string.IsNullOrWhiteSpace(n)))
        {
            errors.Add("Columns cannot hold an empty header name.");
        }
    }
}

/// <summary>A parameter with its normalised unit spellings.</summary>
internal sealed class CompiledParameter
{
    private const int MaxCachedSpellings = 64;

    // Raw spelling → factor (null: not accepted); shared by every run of the profile, hence concurrent.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, decimal?> spellingCache = new(StringComparer.Ordinal);

    private CompiledParameter(ParameterDefinition definition, LoincCode? loinc, Dictionary<string, decimal> units)
    {
        Definition = definition;
        Loinc = loinc;
        UnitFactors = units;
    }

    public ParameterDefinition Definition { get; }

    /// <summary>Gets the parameter's position in the profile's map (for per-run arrays).</summary>
    public int Index { get; private init; }

    public LoincCode? Loinc { get; }

    /// <summary>Gets the factor of each normalised spelling.</summary>
    public Dictionary<string, decimal> UnitFactors { get; }

    public static CompiledParameter? Create(ParameterDefinition parameter, int index, List<string> errors)
    {
        if (parameter is null || string.IsNullOrWhiteSpace(parameter.Code))
        {
            errors.Add("Every parameter needs a Code.");
            return null;
        }

        var code = parameter.Code;
        var before = errors.Count;
        LoincCode? loinc = null;
        if (parameter.Loinc is not null)
        {
            var error = LoincCode.Validate(parameter.Loinc);
            if (error == LoincCodeError.None)
            {
                loinc = LoincCode.Parse(parameter.Loinc);
            }
            else
            {
                errors.Add($"Parameter '{code}': LOINC '{parameter.Loinc}' is not valid ({LoincCode.Describe(error)}).");
            }
        }
        else if (parameter.Reportable)
        {
            errors.Add($"Parameter '{code}' is reportable and needs a LOINC code.");
        }

        if (string.IsNullOrWhiteSpace(parameter.Units))
        {
            errors.Add($"Parameter '{code}' needs Units (UCUM).");
        }

        var units = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var spellings = parameter.SourceUnits is { Count: > 0 } given
            ? given
            : new Dictionary<string, decimal>(StringComparer.Ordinal) { [parameter.Units ?? string.Empty] = 1m };
        foreach (var (spelling, factor) in spellings)
        {
            if (factor <= 0)
            {
                errors.Add($"Parameter '{code}': the factor of unit '{spelling}' must be positive.");
                continue;
            }

            var normalized = UnitSpelling.Normalize(spelling);
            if (units.TryGetValue(normalized, out var existing) && existing != factor)
            {
                errors.Add($"Parameter '{code}': unit spellings that normalise to '{normalized}' have different factors.");
                continue;
            }

            units[normalized] = factor;
        }

        if (parameter.PlausibleLow is { } low && parameter.PlausibleHigh is { } high && low > high)
        {
            errors.Add($"Parameter '{code}': PlausibleLow is above PlausibleHigh.");
        }

        return errors.Count == before ? new CompiledParameter(parameter, loinc, units) { Index = index } : null;
    }

    public bool TryGetFactor(string sourceUnit, out decimal factor)
    {
        if (spellingCache.TryGetValue(sourceUnit, out var cached))
        {
            factor = cached ?? 0m;
            return cached.HasValue;
        }

        var found = UnitFactors.TryGetValue(UnitSpelling.Normalize(sourceUnit), out factor);
        if (spellingCache.Count < MaxCachedSpellings)
        {
            spellingCache[sourceUnit] = found ? factor : null;
        }

        return found;
    }
}

/// <summary>Registers the code-page encodings (Windows-1252) once.</summary>
internal static class Encodings
{
    private static int registered;

    public static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref registered, 1) == 0)
        {
            System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        }
    }
}
