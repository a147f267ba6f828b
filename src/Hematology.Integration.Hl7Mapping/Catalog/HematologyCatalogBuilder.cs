namespace Hematology.Integration.Hl7Mapping;

/// <summary>
/// Builds a <see cref="HematologyCatalog"/>: start from the built-in defaults (or nothing), add or replace parameters,
/// unit spellings and the laboratory's ranges. <see cref="Build"/> checks everything and reports every problem at once.
/// </summary>
/// <example>
/// <code>
/// var catalog = HematologyCatalog.CreateBuilder()
///     .AddRange(new CatalogRange { Loinc = LoincCode.Parse("718-7"), Unit = "g/dL", Low = 12.0m, High = 16.0m, CriticalLow = 7.0m, CriticalHigh = 20.0m })
///     .AddUnitAlias("Mrd/L", "10*9/L")
///     .Build();
/// </code>
/// </example>
public sealed class HematologyCatalogBuilder
{
    private readonly List<CatalogParameter> _parameters = [];
    private readonly Dictionary<string, string> _exact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _normalized = new(StringComparer.Ordinal);
    private readonly List<CatalogRange> _ranges = [];

    internal HematologyCatalogBuilder(bool includeDefaults)
    {
        if (!includeDefaults)
        {
            return;
        }

        _parameters.AddRange(DefaultCatalog.Parameters());
        foreach (var (spelling, ucum) in DefaultCatalog.ExactUnitAliases())
        {
            _exact[spelling] = ucum;
        }

        foreach (var (key, ucum) in DefaultCatalog.NormalizedUnitAliases())
        {
            _normalized[key] = ucum;
        }
    }

    /// <summary>Adds a parameter, replacing any with the same LOINC code.</summary>
    /// <param name="parameter">The parameter.</param>
    /// <returns>This builder.</returns>
    public HematologyCatalogBuilder AddParameter(CatalogParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        _parameters.RemoveAll(p => p.Loinc == parameter.Loinc);
        _parameters.Add(parameter);
        return this;
    }

    /// <summary>Removes every parameter with a local code (or alias).</summary>
    /// <param name="localCode">The local code, case-insensitive.</param>
    /// <returns>This builder.</returns>
    public HematologyCatalogBuilder RemoveParameter(string localCode)
    {
        ArgumentNullException.ThrowIfNull(localCode);
        _parameters.RemoveAll(p => string.Equals(p.LocalCode, localCode, StringComparison.OrdinalIgnoreCase)
            || p.Aliases.Contains(localCode, StringComparer.OrdinalIgnoreCase));
        return this;
    }

    /// <summary>Adds an instrument unit spelling. It is matched exactly and, unless that would be ambiguous, after normalisation (case, µ/μ, ³, x10^).</summary>
    /// <param name="spelling">The spelling, for example <c>Mrd/L</c>.</param>
    /// <param name="ucum">The UCUM unit it means; one the catalog knows.</param>
    /// <returns>This builder.</returns>
    public HematologyCatalogBuilder AddUnitAlias(string spelling, string ucum)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spelling);
        ArgumentException.ThrowIfNullOrWhiteSpace(ucum);
        _exact[spelling.Trim()] = ucum;
        _normalized[HematologyCatalog.NormalizeKey(spelling.Trim())] = ucum;
        return this;
    }

    /// <summary>Adds a reference range and critical limits, replacing any for the same code, unit and sex.</summary>
    /// <param name="range">The range.</param>
    /// <returns>This builder.</returns>
    public HematologyCatalogBuilder AddRange(CatalogRange range)
    {
        ArgumentNullException.ThrowIfNull(range);
        _ranges.RemoveAll(r => r.Loinc == range.Loinc && string.Equals(r.Unit, range.Unit, StringComparison.Ordinal) && r.Sex == range.Sex);
        _ranges.Add(range);
        return this;
    }

    /// <summary>Checks and builds the catalog.</summary>
    /// <returns>The catalog.</returns>
    /// <exception cref="InvalidOperationException">Something does not fit; the message lists every problem.</exception>
    public HematologyCatalog Build()
    {
        var errors = new List<string>();
        foreach (var (spelling, ucum) in _exact.Concat(_normalized))
        {
            if (!UcumUnits.Known.ContainsKey(ucum))
            {
                errors.Add($"Unit spelling '{spelling}' maps to '{ucum}', which is not a UCUM unit the catalog knows ({string.Join(", ", UcumUnits.Known.Keys)}).");
            }
        }

        foreach (var p in _parameters)
        {
            if (string.IsNullOrWhiteSpace(p.LocalCode))
            {
                errors.Add($"Parameter {p.Loinc} has no local code.");
            }

            if (p.Loinc.Value is null)
            {
                errors.Add($"Parameter '{p.LocalCode}' has no LOINC code.");
            }

            if (!UcumUnits.Known.TryGetValue(p.Unit, out var unit))
            {
                errors.Add($"Parameter '{p.LocalCode}' ({p.Loinc}): unit '{p.Unit}' is not a UCUM unit the catalog knows.");
            }
            else if (!UcumUnits.Fits(p.Property, unit.Kind))
            {
                errors.Add($"Parameter '{p.LocalCode}' ({p.Loinc}): unit '{p.Unit}' does not fit the property {p.Property}.");
            }
        }

        foreach (var group in _parameters.SelectMany(p => p.Aliases.Prepend(p.LocalCode).Select(code => (code, p)))
                     .GroupBy(x => x.code, StringComparer.OrdinalIgnoreCase))
        {
            var properties = group.Select(x => x.p.Property).ToList();
            if (properties.Count != properties.Distinct().Count())
            {
                errors.Add($"Local code '{group.Key}' is used by more than one parameter with the same property ({string.Join(", ", group.Select(x => x.p.Loinc.Value))}).");
            }
        }

        var parameters = _parameters.ToDictionary(p => p.Loinc);
        foreach (var r in _ranges)
        {
            if (!UcumUnits.Known.ContainsKey(r.Unit))
            {
                errors.Add($"Range for {r.Loinc}: unit '{r.Unit}' is not a UCUM unit the catalog knows.");
            }
            else if (parameters.TryGetValue(r.Loinc, out var p) && !UcumUnits.Fits(p.Property, UcumUnits.Known[r.Unit].Kind))
            {
                errors.Add($"Range for {r.Loinc}: unit '{r.Unit}' does not fit the property {p.Property}.");
            }

            if (r.Low is { } low && r.High is { } high && low > high)
            {
                errors.Add($"Range for {r.Loinc} ({r.Unit}): the low limit {low} is above the high limit {high}.");
            }

            if (r.CriticalLow is { } cl && r.Low is { } l && cl > l)
            {
                errors.Add($"Range for {r.Loinc} ({r.Unit}): the critical low {cl} is above the low limit {l}.");
            }

            if (r.CriticalHigh is { } ch && r.High is { } h && ch < h)
            {
                errors.Add($"Range for {r.Loinc} ({r.Unit}): the critical high {ch} is below the high limit {h}.");
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The catalog is not valid:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }

        return new HematologyCatalog([.. _parameters], new(_exact, StringComparer.Ordinal), new(_normalized, StringComparer.Ordinal), [.. _ranges]);
    }
}
