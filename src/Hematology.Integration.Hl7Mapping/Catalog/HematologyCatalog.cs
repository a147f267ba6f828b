using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Hematology.Integration.Hl7Mapping;

/// <summary>
/// The LOINC/UCUM catalog of CBC and differential parameters: local code → LOINC (check digits verified), instrument
/// unit spellings → UCUM, unit conversions, the check that a unit fits a code, and the laboratory's reference ranges and
/// critical limits that derive OBX-8 when the analyzer gives no flag. Immutable and thread-safe; make one with
/// <see cref="CreateBuilder"/> to extend or change the built-in defaults.
/// </summary>
public sealed class HematologyCatalog
{
    private readonly Dictionary<string, CatalogParameter[]> _byLocalCode;
    private readonly Dictionary<LoincCode, CatalogParameter> _byLoinc;
    private readonly Dictionary<string, string> _exactAliases;
    private readonly Dictionary<string, string> _normalizedAliases;
    private readonly Dictionary<LoincCode, CatalogRange[]> _ranges;

    internal HematologyCatalog(
        IReadOnlyList<CatalogParameter> parameters,
        Dictionary<string, string> exactAliases,
        Dictionary<string, string> normalizedAliases,
        IReadOnlyList<CatalogRange> ranges)
    {
        Parameters = parameters;
        _byLoinc = [];
        var byLocal = new Dictionary<string, List<CatalogParameter>>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in parameters)
        {
            _byLoinc[p.Loinc] = p;
            foreach (var code in p.Aliases.Prepend(p.LocalCode))
            {
                if (!byLocal.TryGetValue(code, out var list))
                {
                    byLocal[code] = list = [];
                }

                list.Add(p);
            }
        }

        _byLocalCode = byLocal.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
        _exactAliases = exactAliases;
        _normalizedAliases = normalizedAliases;
        Ranges = ranges;
        _ranges = ranges.GroupBy(r => r.Loinc).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Sex is null ? 1 : 0).ToArray());
    }

    /// <summary>Gets the built-in catalog: CBC, differential, NRBC, reticulocyte and IG parameters, unit spellings, and no reference ranges.</summary>
    public static HematologyCatalog Default { get; } = CreateBuilder().Build();

    /// <summary>Gets the parameters.</summary>
    public IReadOnlyList<CatalogParameter> Parameters { get; }

    /// <summary>Gets the laboratory's reference ranges and critical limits.</summary>
    public IReadOnlyList<CatalogRange> Ranges { get; }

    /// <summary>Starts a catalog.</summary>
    /// <param name="includeDefaults">Whether to start from the built-in parameters and unit spellings.</param>
    /// <returns>The builder.</returns>
    public static HematologyCatalogBuilder CreateBuilder(bool includeDefaults = true) => new(includeDefaults);

    /// <summary>Finds the parameter for a local code, choosing among same-code entries the one whose property fits the unit (HGB in g/dL → 718-7, in mmol/L → 59260-0).</summary>
    /// <param name="localCode">The analyzer's code (case-insensitive; aliases count).</param>
    /// <param name="unit">The result's unit (any known spelling), or <see langword="null"/> for the first entry.</param>
    /// <param name="parameter">The parameter, when found.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool TryFindByLocalCode(string localCode, string? unit, [NotNullWhen(true)] out CatalogParameter? parameter)
    {
        ArgumentNullException.ThrowIfNull(localCode);
        UcumUnit? known = null;
        if (unit is not null && !TryGetUnit(unit, out known))
        {
            // An unknown unit fits no entry.
            parameter = null;
            return false;
        }

        return TryFindByLocalCodeAndUnit(localCode, known, out parameter);
    }

    internal bool TryFindByLocalCodeAndUnit(string localCode, UcumUnit? unit, [NotNullWhen(true)] out CatalogParameter? parameter)
    {
        parameter = null;
        if (!_byLocalCode.TryGetValue(localCode.Trim(), out var candidates))
        {
            return false;
        }

        if (unit is null)
        {
            parameter = candidates[0];
            return true;
        }

        foreach (var candidate in candidates)
        {
            if (UcumUnits.Fits(candidate.Property, unit.Kind))
            {
                parameter = candidate;
                return true;
            }
        }

        return false;
    }

    /// <summary>Finds the parameter of a LOINC code.</summary>
    /// <param name="loinc">The code.</param>
    /// <param name="parameter">The parameter, when the catalog has the code.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool TryFindByLoinc(LoincCode loinc, [NotNullWhen(true)] out CatalogParameter? parameter)
        => _byLoinc.TryGetValue(loinc, out parameter);

    /// <summary>Normalises an instrument's unit spelling to UCUM (<c>x10³/µL</c>, <c>K/uL</c> → <c>10*3/uL</c>; <c>G/L</c> → <c>10*9/L</c>).</summary>
    /// <param name="spelling">The unit as written.</param>
    /// <param name="ucum">The UCUM code, when the spelling is known.</param>
    /// <returns><see langword="true"/> when known; unknown units are never guessed.</returns>
    public bool TryNormalizeUnit(string? spelling, [NotNullWhen(true)] out string? ucum)
    {
        ucum = null;
        if (string.IsNullOrWhiteSpace(spelling))
        {
            return false;
        }

        var trimmed = spelling.Trim();
        if (UcumUnits.Known.ContainsKey(trimmed))
        {
            ucum = trimmed;
            return true;
        }

        if (_exactAliases.TryGetValue(trimmed, out ucum))
        {
            return true;
        }

        return _normalizedAliases.TryGetValue(NormalizeKey(trimmed), out ucum);
    }

    /// <summary>Checks that a unit fits a code: count codes need count units, % only for fraction and ratio codes, fL only for entitic volumes.</summary>
    /// <param name="loinc">The code.</param>
    /// <param name="unit">The unit (any known spelling).</param>
    /// <returns>The outcome.</returns>
    public UnitCheck CheckUnit(LoincCode loinc, string? unit)
        => TryGetUnit(unit, out var known) ? CheckKnownUnit(loinc, known) : UnitCheck.UnknownUnit;

    internal UnitCheck CheckKnownUnit(LoincCode loinc, UcumUnit unit)
    {
        if (!_byLoinc.TryGetValue(loinc, out var parameter))
        {
            return UnitCheck.UnknownCode;
        }

        return UcumUnits.Fits(parameter.Property, unit.Kind) ? UnitCheck.Compatible : UnitCheck.Mismatch;
    }

    /// <summary>
    /// Converts a value between units (10*3/uL ↔ 10*9/L ×1, g/dL → g/L ×10, haemoglobin g/dL → mmol/L ×0.6206, % → L/L ÷100,
    /// MCH pg → fmol ×0.06206…). Powers of ten are exact; other factors keep the value's significant digits, so no
    /// precision is invented.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <param name="from">Its unit (any known spelling).</param>
    /// <param name="to">The target unit (any known spelling).</param>
    /// <param name="converted">The converted value.</param>
    /// <returns><see langword="false"/> when either unit is unknown or no conversion is defined between them.</returns>
    public bool TryConvert(decimal value, string from, string to, out decimal converted)
    {
        converted = 0m;
        if (!TryGetUnit(from, out var source) || !TryGetUnit(to, out var target) || !UcumUnits.TryFactor(source, target, out var factor))
        {
            return false;
        }

        converted = Scale(value, factor);
        return true;
    }

    /// <summary>Finds the laboratory's range for a code and unit, preferring one for the patient's sex.</summary>
    /// <param name="loinc">The code.</param>
    /// <param name="unit">The unit (any known spelling).</param>
    /// <param name="sex">The patient's sex, when known.</param>
    /// <param name="range">The range, when configured.</param>
    /// <returns><see langword="true"/> when a range applies.</returns>
    public bool TryGetRange(LoincCode loinc, string? unit, AdministrativeSex? sex, [NotNullWhen(true)] out CatalogRange? range)
    {
        range = null;
        return TryGetUnit(unit, out var known) && TryGetKnownUnitRange(loinc, known, sex, out range);
    }

    internal bool TryGetKnownUnitRange(LoincCode loinc, UcumUnit unit, AdministrativeSex? sex, [NotNullWhen(true)] out CatalogRange? range)
    {
        range = null;
        if (!_ranges.TryGetValue(loinc, out var ranges))
        {
            return false;
        }

        foreach (var candidate in ranges)
        {
            if (string.Equals(candidate.Unit, unit.Code, StringComparison.Ordinal) && (candidate.Sex is null || candidate.Sex == sex))
            {
                range = candidate;
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Derives the interpretation of a value from the laboratory's range: <c>LL</c>/<c>HH</c> at or beyond a critical
    /// limit, <c>L</c>/<c>H</c> outside the reference interval, <c>N</c> inside it; <see cref="ResultInterpretation.None"/> when no range applies.
    /// </summary>
    /// <param name="loinc">The code.</param>
    /// <param name="unit">The unit.</param>
    /// <param name="value">The value (an off-scale value is compared through its limit).</param>
    /// <param name="sex">The patient's sex, when known.</param>
    /// <returns>The interpretation.</returns>
    public ResultInterpretation Interpret(LoincCode loinc, string? unit, ResultValue value, AdministrativeSex? sex = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryGetRange(loinc, unit, sex, out var range) ? Interpret(range, value) : ResultInterpretation.None;
    }

    internal static ResultInterpretation Interpret(CatalogRange range, ResultValue value)
    {
        if (value.Number is not { } number)
        {
            return ResultInterpretation.None;
        }

        return value.Kind switch
        {
            ResultValueKind.Numeric => Classify(range, number),
            ResultValueKind.OffScale when value.Comparator is Comparator.GreaterThan or Comparator.GreaterThanOrEqual => Above(range, number),
            ResultValueKind.OffScale => Below(range, number),
            _ => ResultInterpretation.None,
        };
    }

    internal bool TryGetUnit(string? spelling, [NotNullWhen(true)] out UcumUnit? unit)
    {
        unit = null;
        return TryNormalizeUnit(spelling, out var ucum) && UcumUnits.Known.TryGetValue(ucum, out unit);
    }

    internal static string NormalizeKey(string spelling)
    {
        var sb = new StringBuilder(spelling.Length + 4);
        foreach (var c in spelling)
        {
            switch (c)
            {
                case ' ' or '\t':
                    break;
                case '\u00B5' or '\u03BC':
                    sb.Append('u');
                    break;
                case '\u00B3':
                    sb.Append("^3");
                    break;
                case '\u00B2':
                    sb.Append("^2");
                    break;
                case '\u2079':
                    sb.Append("^9");
                    break;
                case '\u00D7':
                    sb.Append('x');
                    break;
                default:
                    sb.Append(char.ToLowerInvariant(c));
                    break;
            }
        }

        var key = sb.ToString();
        if (key.StartsWith("x10", StringComparison.Ordinal) || key.StartsWith("*10", StringComparison.Ordinal))
        {
            key = key[1..];
        }

        key = key.Replace("10e", "10^", StringComparison.Ordinal)
            .Replace("10*", "10^", StringComparison.Ordinal)
            .Replace("10^+", "10^", StringComparison.Ordinal)
            .Replace("^(", "^", StringComparison.Ordinal);
        return key;
    }

    private static decimal Scale(decimal value, decimal factor)
    {
        var product = value * factor;
        var exponent = PowerOfTen(factor);
        if (exponent is { } e)
        {
            // Exact: keep the digits the analyzer reported, moved by the power of ten.
            var scale = Math.Max(0, ScaleOf(value) - e);
            return Math.Round(product, Math.Min(scale, 28), MidpointRounding.AwayFromZero);
        }

        var significant = Math.Max(2, SignificantDigits(value));
        if (product == 0m)
        {
            return 0m;
        }

        var magnitude = (int)Math.Floor(Math.Log10((double)Math.Abs(product)));
        var decimals = significant - 1 - magnitude;
        if (decimals < 0)
        {
            // Round to tens, hundreds…: 1830.77 with three significant digits is 1830.
            var unit = Pow10(-decimals);
            return Math.Round(product / unit, 0, MidpointRounding.AwayFromZero) * unit;
        }

        return Math.Round(product, Math.Min(decimals, 28), MidpointRounding.AwayFromZero);
    }

    private static int? PowerOfTen(decimal factor)
    {
        for (var e = -15; e <= 15; e++)
        {
            var p = e >= 0 ? Pow10(e) : 1m / Pow10(-e);
            if (factor == p)
            {
                return e;
            }
        }

        return null;
    }

    private static decimal Pow10(int e)
    {
        var p = 1m;
        for (var i = 0; i < e; i++)
        {
            p *= 10m;
        }

        return p;
    }

    private static int ScaleOf(decimal value) => value.Scale;

    private static int SignificantDigits(decimal value)
    {
        var digits = Math.Abs(value).ToString(System.Globalization.CultureInfo.InvariantCulture).Replace(".", string.Empty, StringComparison.Ordinal).TrimStart('0');
        return Math.Max(1, digits.Length);
    }

    private static ResultInterpretation Classify(CatalogRange r, decimal v)
    {
        if (r.CriticalLow is { } cl && v <= cl)
        {
            return ResultInterpretation.CriticalLow;
        }

        if (r.CriticalHigh is { } ch && v >= ch)
        {
            return ResultInterpretation.CriticalHigh;
        }

        if (r.Low is { } low && v < low)
        {
            return ResultInterpretation.Low;
        }

        if (r.High is { } high && v > high)
        {
            return ResultInterpretation.High;
        }

        return r.Low is null && r.High is null ? ResultInterpretation.None : ResultInterpretation.Normal;
    }

    private static ResultInterpretation Above(CatalogRange r, decimal limit)
    {
        if (r.CriticalHigh is { } ch && limit >= ch)
        {
            return ResultInterpretation.CriticalHigh;
        }

        return r.High is { } high && limit >= high ? ResultInterpretation.High : ResultInterpretation.None;
    }

    private static ResultInterpretation Below(CatalogRange r, decimal limit)
    {
        if (r.CriticalLow is { } cl && limit <= cl)
        {
            return ResultInterpretation.CriticalLow;
        }

        return r.Low is { } low && limit <= low ? ResultInterpretation.Low : ResultInterpretation.None;
    }
}
