namespace Hematology.Integration.Hl7Mapping;

/// <summary>The dimension of a UCUM unit, used for property checks and conversions.</summary>
internal enum UnitKind
{
    CountPerVolume,
    Percent,
    PerHundredLeukocytes,
    MassPerVolume,
    SubstancePerVolume,
    Volume,
    Mass,
    Substance,
    PureFraction,
}

/// <summary>A UCUM unit the catalog knows, with its dimension and its scale within the dimension.</summary>
/// <param name="Code">The UCUM code (case-sensitive).</param>
/// <param name="Kind">The dimension.</param>
/// <param name="Scale">The value of 1 unit in the dimension's base (per L for counts, g/L, mmol/L, fL, pg, amol, fraction).</param>
internal sealed record UcumUnit(string Code, UnitKind Kind, decimal Scale);

internal static class UcumUnits
{
    // Haemoglobin monomer (16 114.5 g/mol): 1 g/dL = 0.6206 mmol/L. Never 0.155 (tetramer basis, a 4x error).
    public const decimal HemoglobinMmolPerGram = 0.06206m;        // mmol/L per g/L
    public const decimal HemoglobinGramPerMmol = 16.114m;          // g/L per mmol/L
    public const decimal HemoglobinAmolPerPicogram = 62.06m;       // amol per pg (MCH)
    public const decimal HemoglobinPicogramPerAmol = 0.016114m;    // pg per amol

    public static readonly IReadOnlyDictionary<string, UcumUnit> Known = new Dictionary<string, UcumUnit>(StringComparer.Ordinal)
    {
        ["10*3/uL"] = new("10*3/uL", UnitKind.CountPerVolume, 1e9m),
        ["10*9/L"] = new("10*9/L", UnitKind.CountPerVolume, 1e9m),
        ["10*6/uL"] = new("10*6/uL", UnitKind.CountPerVolume, 1e12m),
        ["10*12/L"] = new("10*12/L", UnitKind.CountPerVolume, 1e12m),
        ["/uL"] = new("/uL", UnitKind.CountPerVolume, 1e6m),
        ["{cells}/uL"] = new("{cells}/uL", UnitKind.CountPerVolume, 1e6m),
        ["10*3/L"] = new("10*3/L", UnitKind.CountPerVolume, 1e3m),
        ["%"] = new("%", UnitKind.Percent, 0.01m),
        ["/100{WBCs}"] = new("/100{WBCs}", UnitKind.PerHundredLeukocytes, 1m),
        ["g/dL"] = new("g/dL", UnitKind.MassPerVolume, 10m),
        ["g/L"] = new("g/L", UnitKind.MassPerVolume, 1m),
        ["mg/dL"] = new("mg/dL", UnitKind.MassPerVolume, 0.01m),
        ["mmol/L"] = new("mmol/L", UnitKind.SubstancePerVolume, 1m),
        ["fL"] = new("fL", UnitKind.Volume, 1m),
        ["pg"] = new("pg", UnitKind.Mass, 1m),
        ["fmol"] = new("fmol", UnitKind.Substance, 1000m),
        ["amol"] = new("amol", UnitKind.Substance, 1m),
        ["L/L"] = new("L/L", UnitKind.PureFraction, 1m),
    };

    public static bool Fits(LoincProperty property, UnitKind kind) => property switch
    {
        LoincProperty.NumberConcentration => kind == UnitKind.CountPerVolume,
        LoincProperty.NumberFraction => kind == UnitKind.Percent,
        LoincProperty.Ratio => kind is UnitKind.Percent or UnitKind.PerHundredLeukocytes,
        LoincProperty.MassConcentration => kind == UnitKind.MassPerVolume,
        LoincProperty.SubstanceConcentration => kind == UnitKind.SubstancePerVolume,
        LoincProperty.EntiticVolume => kind == UnitKind.Volume,
        LoincProperty.EntiticMass => kind == UnitKind.Mass,
        LoincProperty.EntiticSubstance => kind == UnitKind.Substance,
        LoincProperty.VolumeFraction => kind == UnitKind.Percent,
        LoincProperty.PureVolumeFraction => kind == UnitKind.PureFraction,
        _ => false,
    };

    /// <summary>The factor that converts a value in <paramref name="from"/> into <paramref name="to"/>, when one is defined.</summary>
    public static bool TryFactor(UcumUnit from, UcumUnit to, out decimal factor)
    {
        factor = 0m;
        if (from.Kind == to.Kind)
        {
            factor = from.Scale / to.Scale;
            return true;
        }

        switch (from.Kind, to.Kind)
        {
            case (UnitKind.Percent, UnitKind.PureFraction):
            case (UnitKind.PureFraction, UnitKind.Percent):
                factor = from.Scale / to.Scale;
                return true;
            case (UnitKind.MassPerVolume, UnitKind.SubstancePerVolume):
                factor = from.Scale * HemoglobinMmolPerGram / to.Scale;
                return true;
            case (UnitKind.SubstancePerVolume, UnitKind.MassPerVolume):
                factor = from.Scale * HemoglobinGramPerMmol / to.Scale;
                return true;
            case (UnitKind.Mass, UnitKind.Substance):
                factor = from.Scale * HemoglobinAmolPerPicogram / to.Scale;
                return true;
            case (UnitKind.Substance, UnitKind.Mass):
                factor = from.Scale * HemoglobinPicogramPerAmol / to.Scale;
                return true;
            default:
                return false;
        }
    }
}
