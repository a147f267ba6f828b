namespace Hematology.Integration.Hl7Mapping.Tests.Oru;

/// <summary>Realistic specimen reports for the ORU^R01 tests.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Now = new(2025, 3, 14, 15, 15, 33, TimeSpan.Zero);
    public static readonly DateTimeOffset Collected = new(2025, 3, 14, 8, 30, 0, TimeSpan.FromHours(-5));
    public static readonly DateTimeOffset Analyzed = new(2025, 3, 14, 10, 5, 12, TimeSpan.FromHours(-5));
    public static readonly AnalyzerId Analyzer = AnalyzerId.Create("xn-1000-lab1");
    public static readonly InstrumentIdentity Xn = new("XN-1000", "11001");
    public static readonly Sha256Digest FileSha = Sha256Digest.Compute("SampleFile,WBC,7.42\n"u8);

    public static readonly Specimen Specimen = new()
    {
        Id = "SMP2503140042",
        PlacerOrderNumber = "ORD778812",
        CollectedAt = Collected,
    };

    public static readonly PatientIdentity Patient = new()
    {
        Id = "MRN0012345",
        AssigningAuthority = "GENHOSP&2.16.840.1.113883.3.9999.10&ISO",
        FamilyName = "DOE",
        GivenName = "JANE",
        BirthDate = new DateOnly(1970, 1, 1),
        Sex = AdministrativeSex.Female,
    };

    /// <summary>A CBC with a five-part differential and extras: 25 results.</summary>
    public static SpecimenReport CbcWithDifferential() => new()
    {
        AnalyzerId = Analyzer,
        Specimen = Specimen,
        Patient = Patient,
        Instrument = Xn,
        Comments = ["IP SUS(PLT) PLT Clumps?", "Sample judgment: Positive"],
        Results =
        [
            R("WBC", 7.42m, "10*3/uL", new ReferenceRange(4.50m, 11.00m)),
            R("RBC", 4.51m, "10*6/uL", new ReferenceRange(4.00m, 5.20m)),
            R("HGB", 6.4m, "g/dL", new ReferenceRange(12.0m, 16.0m)) with { Interpretation = ResultInterpretation.CriticalLow, Comments = ["Critical value phoned to the ward; read-back confirmed."] },
            R("HCT", 21.3m, "%", new ReferenceRange(36.0m, 47.0m)),
            R("MCV", 79.0m, "fL", new ReferenceRange(80.0m, 100.0m)) with { Interpretation = ResultInterpretation.Low },
            R("MCH", 27.1m, "pg", new ReferenceRange(28.0m, 32.0m)),
            R("MCHC", 32.8m, "g/dL", new ReferenceRange(32.0m, 36.0m)),
            OffScale("PLT", Comparator.GreaterThan, 1000m, "10*3/uL", new ReferenceRange(150m, 450m)) with { Interpretation = ResultInterpretation.CriticalHigh },
            R("RDW-CV", 13.2m, "%", new ReferenceRange(11.5m, 14.5m)),
            R("RDW-SD", 41.5m, "fL", new ReferenceRange(37.0m, 50.0m)),
            R("MPV", 10.4m, "fL", null),
            R("PDW", 12.1m, "fL", null),
            R("NEUT#", 4.10m, "10*3/uL", new ReferenceRange(1.80m, 7.70m)),
            R("NEUT%", 55.3m, "%", new ReferenceRange(40.0m, 70.0m)),
            R("LYMPH#", 2.31m, "10*3/uL", new ReferenceRange(1.00m, 4.80m)),
            R("LYMPH%", 31.1m, "%", new ReferenceRange(22.0m, 44.0m)),
            R("MONO#", 0.62m, "10*3/uL", new ReferenceRange(0.20m, 1.20m)),
            R("MONO%", 8.4m, "%", new ReferenceRange(4.0m, 11.0m)),
            R("EO#", 0.29m, "10*3/uL", new ReferenceRange(0.00m, 0.90m)),
            R("EO%", 3.9m, "%", new ReferenceRange(0.0m, 8.0m)),
            R("BASO#", 0.10m, "10*3/uL", new ReferenceRange(0.00m, 0.30m)),
            R("BASO%", 1.3m, "%", new ReferenceRange(0.0m, 3.0m)),
            R("IG#", 0.03m, "10*3/uL", null),
            R("IG%", 0.4m, "%", null),
            NotReported("NRBC%", "----", "/100{WBCs}"),
        ],
    };

    /// <summary>A CBC without a differential and without a patient, with a corrected result.</summary>
    public static SpecimenReport CbcOnly() => new()
    {
        AnalyzerId = Analyzer,
        Specimen = new Specimen { Id = "SMP2503140043", CollectedAt = Collected },
        Instrument = new InstrumentIdentity("XN-1000", null),
        Results =
        [
            R("WBC", 12.30m, "x10³/µL", null),
            R("RBC", 4.80m, "10^6/uL", null),
            R("HGB", 14.2m, "g/dl", null) with { Status = ResultStatus.Corrected },
            R("HCT", 0.42m, "L/L", null),
            R("PLT", 15m, "K/uL", null),
        ],
    };

    public static LabResult R(string code, decimal value, string units, ReferenceRange? range) => new()
    {
        AnalyzerId = Analyzer,
        Specimen = Specimen,
        LocalCode = code,
        Value = ResultValue.Numeric(value),
        Units = units,
        ReferenceRange = range,
        ObservedAt = Collected,
        AnalyzedAt = Analyzed,
    };

    public static LabResult OffScale(string code, Comparator comparator, decimal limit, string units, ReferenceRange? range)
        => R(code, 0m, units, range) with { Value = ResultValue.OffScale(comparator, limit) };

    public static LabResult NotReported(string code, string sentinel, string units)
        => R(code, 0m, units, null) with { Value = ResultValue.NotReported(sentinel) };

    public static OruBuilder Builder(OruOptions? options = null, HematologyCatalog? catalog = null)
        => new(options ?? RealisticOptions(), catalog, new Testing.FakeTimeProvider(Now));

    public static OruOptions RealisticOptions() => new()
    {
        SendingApplication = "HEMABRIDGE^2.16.840.1.113883.3.9999.1^ISO",
        SendingFacility = "CORELAB^2.16.840.1.113883.3.9999.2^ISO",
        ReceivingApplication = "LIS^2.16.840.1.113883.3.9999.3^ISO",
        ReceivingFacility = "CORELAB^2.16.840.1.113883.3.9999.2^ISO",
        AcceptAckType = "AL",
        ApplicationAckType = "NE",
        CountryCode = "USA",
        MessageProfileId = "LRI_Common_Component^^2.16.840.1.113883.9.16^ISO",
        LocalCodingSystem = "99XN",
        PlacerAssigningAuthority = "EHR^2.16.840.1.113883.3.9999.20^ISO",
        FillerAssigningAuthority = "CORELAB^2.16.840.1.113883.3.9999.2^ISO",
        EquipmentNamespace = "CORELAB",
    };
}
