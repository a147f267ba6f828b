using Microsoft.Extensions.Options;

namespace Hematology.Integration.Hl7Mapping;

/// <summary>
/// A laboratory's catalog configuration, bindable from configuration: extra or replacement parameters, unit
/// spellings, and reference ranges with critical limits, on top of the built-in defaults.
/// </summary>
public sealed class HematologyCatalogOptions
{
    /// <summary>Gets or sets whether the built-in parameters and unit spellings are included.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool IncludeDefaults { get; set; } = true;

    /// <summary>Gets the parameters to add (a parameter with the LOINC code of a built-in one replaces it).</summary>
    /// <value>The default is empty.</value>
    public IList<CatalogParameterOptions> Parameters { get; } = [];

    /// <summary>Gets the extra unit spellings: spelling → UCUM code (e.g. <c>"Mrd/L": "10*9/L"</c>).</summary>
    /// <value>The default is empty.</value>
    public IDictionary<string, string> UnitAliases { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets the laboratory's reference ranges and critical limits.</summary>
    /// <value>The default is empty: reference intervals must come from the laboratory.</value>
    public IList<CatalogRangeOptions> Ranges { get; } = [];

    /// <summary>Builds the catalog these options describe.</summary>
    /// <returns>The catalog.</returns>
    /// <exception cref="InvalidOperationException">The options are not valid (see <see cref="HematologyCatalogOptionsValidator"/>).</exception>
    public HematologyCatalog Build()
    {
        var builder = HematologyCatalog.CreateBuilder(IncludeDefaults);
        foreach (var (spelling, ucum) in UnitAliases)
        {
            builder.AddUnitAlias(spelling, ucum);
        }

        foreach (var p in Parameters)
        {
            builder.AddParameter(new CatalogParameter
            {
                LocalCode = p.LocalCode,
                Aliases = [.. p.Aliases],
                Loinc = LoincCode.TryParse(p.Loinc, out var code) ? code : throw new InvalidOperationException($"Parameter '{p.LocalCode}': '{p.Loinc}' is not a valid LOINC code."),
                Display = p.Display,
                Property = p.Property,
                Unit = p.Unit,
                IsDifferential = p.IsDifferential,
            });
        }

        foreach (var r in Ranges)
        {
            builder.AddRange(new CatalogRange
            {
                Loinc = LoincCode.TryParse(r.Loinc, out var code) ? code : throw new InvalidOperationException($"Range: '{r.Loinc}' is not a valid LOINC code."),
                Unit = r.Unit,
                Sex = r.Sex,
                Low = r.Low,
                High = r.High,
                CriticalLow = r.CriticalLow,
                CriticalHigh = r.CriticalHigh,
            });
        }

        return builder.Build();
    }
}

/// <summary>One parameter in <see cref="HematologyCatalogOptions"/>.</summary>
public sealed class CatalogParameterOptions
{
    /// <summary>Gets or sets the analyzer's local code, e.g. <c>WBC</c>.</summary>
    /// <value>The default is empty.</value>
    public string LocalCode { get; set; } = string.Empty;

    /// <summary>Gets other spellings of the local code.</summary>
    /// <value>The default is empty.</value>
    public IList<string> Aliases { get; } = [];

    /// <summary>Gets or sets the LOINC code, e.g. <c>6690-2</c>; its check digit is verified.</summary>
    /// <value>The default is empty.</value>
    public string Loinc { get; set; } = string.Empty;

    /// <summary>Gets or sets the LOINC display text.</summary>
    /// <value>The default is empty.</value>
    public string Display { get; set; } = string.Empty;

    /// <summary>Gets or sets the LOINC property, which decides the units the code may carry.</summary>
    /// <value>The default is <see cref="LoincProperty.NumberConcentration"/>.</value>
    public LoincProperty Property { get; set; }

    /// <summary>Gets or sets the usual UCUM unit.</summary>
    /// <value>The default is empty.</value>
    public string Unit { get; set; } = string.Empty;

    /// <summary>Gets or sets whether the parameter belongs to the differential.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool IsDifferential { get; set; }
}

/// <summary>One reference range in <see cref="HematologyCatalogOptions"/>.</summary>
public sealed class CatalogRangeOptions
{
    /// <summary>Gets or sets the LOINC code.</summary>
    /// <value>The default is empty.</value>
    public string Loinc { get; set; } = string.Empty;

    /// <summary>Gets or sets the UCUM unit of the limits.</summary>
    /// <value>The default is empty.</value>
    public string Unit { get; set; } = string.Empty;

    /// <summary>Gets or sets the sex the range applies to; <see langword="null"/> for any.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public AdministrativeSex? Sex { get; set; }

    /// <summary>Gets or sets the lower reference limit.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public decimal? Low { get; set; }

    /// <summary>Gets or sets the upper reference limit.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public decimal? High { get; set; }

    /// <summary>Gets or sets the lower critical limit (at or below: <c>LL</c>).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public decimal? CriticalLow { get; set; }

    /// <summary>Gets or sets the upper critical limit (at or above: <c>HH</c>).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public decimal? CriticalHigh { get; set; }
}

/// <summary>Validates <see cref="HematologyCatalogOptions"/>: LOINC check digits, units, properties and limits, every problem at once.</summary>
public sealed class HematologyCatalogOptionsValidator : IValidateOptions<HematologyCatalogOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, HematologyCatalogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        for (var i = 0; i < options.Parameters.Count; i++)
        {
            var p = options.Parameters[i];
            var error = LoincCode.Validate(p.Loinc ?? string.Empty);
            if (error != LoincCodeError.None)
            {
                errors.Add($"Parameters[{i}] ('{p.LocalCode}'): '{p.Loinc}' is not a valid LOINC code: {LoincCode.Describe(error)}.");
            }

            if (string.IsNullOrWhiteSpace(p.LocalCode))
            {
                errors.Add($"Parameters[{i}]: LocalCode is required.");
            }

            if (string.IsNullOrWhiteSpace(p.Display))
            {
                errors.Add($"Parameters[{i}] ('{p.LocalCode}'): Display is required.");
            }
        }

        for (var i = 0; i < options.Ranges.Count; i++)
        {
            var r = options.Ranges[i];
            var error = LoincCode.Validate(r.Loinc ?? string.Empty);
            if (error != LoincCodeError.None)
            {
                errors.Add($"Ranges[{i}]: '{r.Loinc}' is not a valid LOINC code: {LoincCode.Describe(error)}.");
            }
        }

        if (errors.Count == 0)
        {
            try
            {
                options.Build();
            }
            catch (InvalidOperationException ex)
            {
                errors.AddRange(ex.Message.Split(Environment.NewLine).Skip(1));
            }
            catch (ArgumentException ex)
            {
                errors.Add(ex.Message);
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
