namespace Hematology.Integration.Hl7Mapping;

/// <summary>
/// The kind of quantity a LOINC code measures (its LOINC property), which decides the units it may carry: a count
/// code takes a count-per-volume unit, a percentage is for fraction and ratio codes only, fL for entitic volumes.
/// </summary>
public enum LoincProperty
{
    /// <summary>Number concentration (<c>NCnc</c>), e.g. WBC: <c>10*3/uL</c>, <c>10*9/L</c>, <c>/uL</c>.</summary>
    NumberConcentration = 0,

    /// <summary>Number fraction (<c>NFr</c>), e.g. NEUT%: <c>%</c>.</summary>
    NumberFraction,

    /// <summary>Ratio, e.g. RDW-CV: <c>%</c>, or NRBC per 100 WBC: <c>/100{WBCs}</c>.</summary>
    Ratio,

    /// <summary>Mass concentration (<c>MCnc</c>), e.g. HGB, MCHC: <c>g/dL</c>, <c>g/L</c>.</summary>
    MassConcentration,

    /// <summary>Substance concentration (<c>SCnc</c>), e.g. HGB in <c>mmol/L</c>.</summary>
    SubstanceConcentration,

    /// <summary>Entitic volume (<c>EntVol</c>), e.g. MCV, RDW-SD, MPV: <c>fL</c>.</summary>
    EntiticVolume,

    /// <summary>Entitic mass (<c>EntMass</c>), e.g. MCH: <c>pg</c>.</summary>
    EntiticMass,

    /// <summary>Entitic substance amount, e.g. MCH in SI mode: <c>fmol</c>, <c>amol</c>.</summary>
    EntiticSubstance,

    /// <summary>Volume fraction (<c>VFr</c>), e.g. HCT: <c>%</c>.</summary>
    VolumeFraction,

    /// <summary>Pure volume fraction, e.g. HCT as <c>L/L</c>.</summary>
    PureVolumeFraction,
}
