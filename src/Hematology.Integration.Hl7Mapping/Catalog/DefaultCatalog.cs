namespace Hematology.Integration.Hl7Mapping;

/// <summary>The built-in CBC and differential parameters and unit spellings (REFERENCE §2.1, §2.2).</summary>
internal static class DefaultCatalog
{
    public static IEnumerable<CatalogParameter> Parameters()
    {
        yield return P("WBC", "6690-2", "Leukocytes [#/volume] in Blood by Automated count", LoincProperty.NumberConcentration, "10*3/uL", false, "LEU", "LEUK");
        yield return P("RBC", "789-8", "Erythrocytes [#/volume] in Blood by Automated count", LoincProperty.NumberConcentration, "10*6/uL", false, "ERY");
        yield return P("HGB", "718-7", "Hemoglobin [Mass/volume] in Blood", LoincProperty.MassConcentration, "g/dL", false, "HB", "HGB-C");
        yield return P("HGB", "59260-0", "Hemoglobin [Moles/volume] in Blood", LoincProperty.SubstanceConcentration, "mmol/L", false, "HB", "HGB-C");
        yield return P("HCT", "4544-3", "Hematocrit [Volume Fraction] of Blood by Automated count", LoincProperty.VolumeFraction, "%", false, "HT");
        yield return P("HCT", "71833-8", "Hematocrit [Pure volume fraction] of Blood by Automated count", LoincProperty.PureVolumeFraction, "L/L", false, "HT");
        yield return P("MCV", "787-2", "MCV [Entitic volume] by Automated count", LoincProperty.EntiticVolume, "fL", false);
        yield return P("MCH", "785-6", "MCH [Entitic mass] by Automated count", LoincProperty.EntiticMass, "pg", false);
        yield return P("MCHC", "786-4", "MCHC [Mass/volume] by Automated count", LoincProperty.MassConcentration, "g/dL", false);
        yield return P("PLT", "777-3", "Platelets [#/volume] in Blood by Automated count", LoincProperty.NumberConcentration, "10*3/uL", false, "PLT-I", "THR");
        yield return P("RDW-CV", "788-0", "Erythrocyte distribution width [Ratio] by Automated count", LoincProperty.Ratio, "%", false, "RDW", "RDWCV", "RDW_CV");
        yield return P("RDW-SD", "21000-5", "Erythrocyte distribution width [Entitic volume] by Automated count", LoincProperty.EntiticVolume, "fL", false, "RDWSD", "RDW_SD");
        yield return P("MPV", "32623-1", "Platelet mean volume [Entitic volume] in Blood by Automated count", LoincProperty.EntiticVolume, "fL", false);
        yield return P("PDW", "32207-3", "Platelet distribution width [Entitic volume] in Blood by Automated count", LoincProperty.EntiticVolume, "fL", false);
        yield return P("NEUT#", "751-8", "Neutrophils [#/volume] in Blood by Automated count", LoincProperty.NumberConcentration, "10*3/uL", true, "NE#", "NEU#", "ANC");
        yield return P("NEUT%", "770-8", "Neutrophils/100 leukocytes in Blood by Automated count", LoincProperty.NumberFraction, "%", true, "NE%", "NEU%");
        yield return P("LYMPH#", "731-0", "Lymphocytes [#/volume] in Blood by Automated count", LoincProperty.NumberConcentration, "10*3/uL", true, "LY#", "LYM#");
        yield return P("LYMPH%", "736-9", "Lymphocytes/100 leukocytes in Blood by Automated count", LoincProperty.NumberFraction, "%", true, "LY%", "LYM%");
        yield return P("MONO#", "742-7", "Monocytes [#/volume] in Blood by Automated count", LoincProperty.NumberConcentration, "10*3/uL", true, "MO#", "MON#");
        yield return P("MONO%", "5905-5", "Monocytes/100 leukocytes in Blood by Automated count", LoincProperty.NumberFraction, "%", true, "MO%", "MON%");
        yield return P("EO#", "711-2", "Eosinophils [#/volume] in Blood by Automated count", LoincProperty.NumberConcentration, "10*3/uL", true, "EOS#");
        yield return P("EO%", "713-8", "Eosinophils/100 leukocytes in Blood by Automated count", LoincProperty.NumberFraction, "%", true, "EOS%");
        yield return P("BASO#", "704-7", "Basophils [#/volume] in Blood by Automated count", LoincProperty.NumberConcentration, "10*3/uL", true, "BA#", "BAS#");
        yield return P("BASO%", "706-2", "Basophils/100 leukocytes in Blood by Automated count", LoincProperty.NumberFraction, "%", true, "BA%", "BAS%");
        yield return P("IG#", "53115-2", "Immature granulocytes [#/volume] in Blood by Automated count", LoincProperty.NumberConcentration, "10*3/uL", true);
        yield return P("IG%", "71695-1", "Immature granulocytes/100 leukocytes in Blood by Automated count", LoincProperty.NumberFraction, "%", true);
        yield return P("NRBC#", "771-6", "Nucleated erythrocytes [#/volume] in Blood by Automated count", LoincProperty.NumberConcentration, "10*3/uL", false, "NR#");
        yield return P("NRBC%", "58413-6", "Nucleated erythrocytes/100 leukocytes [Ratio] in Blood by Automated count", LoincProperty.Ratio, "/100{WBCs}", false, "NR%", "NRBC");
        yield return P("RET%", "17849-1", "Reticulocytes/100 erythrocytes in Blood by Automated count", LoincProperty.NumberFraction, "%", false, "RETIC%");
        yield return P("RET#", "60474-4", "Reticulocytes [#/volume] in Blood by Automated count", LoincProperty.NumberConcentration, "10*9/L", false, "RETIC#");
    }

    // Spellings matched exactly (case-sensitive), for those where case carries meaning: G/L is giga per litre, g/L grams per litre.
    public static IEnumerable<KeyValuePair<string, string>> ExactUnitAliases()
    {
        yield return new("G/L", "10*9/L");
        yield return new("T/L", "10*12/L");
        yield return new("g/L", "g/L");
        yield return new("g/l", "g/L");
        yield return new("M/uL", "10*6/uL");
        yield return new("M/µL", "10*6/uL");
        yield return new("M/μL", "10*6/uL");
    }

    // Spellings matched after normalisation (lower case, µ/μ → u, ³ → ^3, 10e/10*/x10 → 10^, spaces removed).
    public static IEnumerable<KeyValuePair<string, string>> NormalizedUnitAliases()
    {
        foreach (var s in new[] { "10^3/ul", "k/ul", "thou/ul", "10^3/mm^3", "10^3/cumm", "10^3/ul(k/ul)" })
        {
            yield return new(s, "10*3/uL");
        }

        foreach (var s in new[] { "10^9/l", "/nl", "10^9/lit" })
        {
            yield return new(s, "10*9/L");
        }

        foreach (var s in new[] { "10^6/ul", "mill/ul", "mio/ul", "10^6/mm^3", "10^6/cumm" })
        {
            yield return new(s, "10*6/uL");
        }

        foreach (var s in new[] { "10^12/l", "/pl" })
        {
            yield return new(s, "10*12/L");
        }

        foreach (var s in new[] { "g/dl", "g%", "gm/dl" })
        {
            yield return new(s, "g/dL");
        }

        yield return new("mg/dl", "mg/dL");
        yield return new("mmol/l", "mmol/L");
        yield return new("%", "%");
        yield return new("l/l", "L/L");
        foreach (var s in new[] { "fl", "um^3", "fl(um^3)" })
        {
            yield return new(s, "fL");
        }

        yield return new("pg", "pg");
        yield return new("fmol", "fmol");
        yield return new("amol", "amol");
        foreach (var s in new[] { "/100wbc", "/100wbcs", "/100{wbcs}", "/100leukocytes", "/100wbc(%)" })
        {
            yield return new(s, "/100{WBCs}");
        }

        foreach (var s in new[] { "/ul", "cells/ul", "{cells}/ul", "/mm^3", "cells/mm^3" })
        {
            yield return new(s, "/uL");
        }
    }

    private static CatalogParameter P(string local, string loinc, string display, LoincProperty property, string unit, bool differential, params string[] aliases)
        => new()
        {
            LocalCode = local,
            Aliases = aliases,
            Loinc = LoincCode.Parse(loinc),
            Display = display,
            Property = property,
            Unit = unit,
            IsDifferential = differential,
        };
}
