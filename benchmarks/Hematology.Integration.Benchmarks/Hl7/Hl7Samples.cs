using Hematology.Integration.Hl7Mapping;

namespace Hematology.Integration.Benchmarks.Hl7;

/// <summary>The ORU^R01 the HL7 benchmarks encode and parse: a CBC with differential, 25 OBX segments.</summary>
internal static class Hl7Samples
{
    public static readonly DateTimeOffset Collected = new(2025, 3, 14, 8, 30, 0, TimeSpan.FromHours(-5));

    public static SpecimenReport Cbc25()
    {
        var analyzer = AnalyzerId.Create("xn-1000-lab1");
        var specimen = new Specimen { Id = "SMP2503140042", PlacerOrderNumber = "ORD778812", CollectedAt = Collected };
        (string Code, decimal Value, string Unit, decimal Low, decimal High)[] rows =
        [
            ("WBC", 7.42m, "10*3/uL", 4.50m, 11.00m), ("RBC", 4.51m, "10*6/uL", 4.00m, 5.20m), ("HGB", 13.4m, "g/dL", 12.0m, 16.0m),
            ("HCT", 41.3m, "%", 36.0m, 47.0m), ("MCV", 89.0m, "fL", 80.0m, 100.0m), ("MCH", 29.1m, "pg", 28.0m, 32.0m),
            ("MCHC", 32.8m, "g/dL", 32.0m, 36.0m), ("PLT", 250m, "10*3/uL", 150m, 450m), ("RDW-CV", 13.2m, "%", 11.5m, 14.5m),
            ("RDW-SD", 41.5m, "fL", 37.0m, 50.0m), ("MPV", 10.4m, "fL", 7.5m, 11.5m), ("PDW", 12.1m, "fL", 9.0m, 17.0m),
            ("NEUT#", 4.10m, "10*3/uL", 1.80m, 7.70m), ("NEUT%", 55.3m, "%", 40.0m, 70.0m), ("LYMPH#", 2.31m, "10*3/uL", 1.00m, 4.80m),
            ("LYMPH%", 31.1m, "%", 22.0m, 44.0m), ("MONO#", 0.62m, "10*3/uL", 0.20m, 1.20m), ("MONO%", 8.4m, "%", 4.0m, 11.0m),
            ("EO#", 0.29m, "10*3/uL", 0.00m, 0.90m), ("EO%", 3.9m, "%", 0.0m, 8.0m), ("BASO#", 0.10m, "10*3/uL", 0.00m, 0.30m),
            ("BASO%", 1.3m, "%", 0.0m, 3.0m), ("IG#", 0.03m, "10*3/uL", 0.00m, 0.06m), ("IG%", 0.4m, "%", 0.0m, 0.6m),
            ("NRBC%", 0.0m, "/100{WBCs}", 0.0m, 0.0m),
        ];
        var instrument = new InstrumentIdentity("XN-1000", "11001");
        var results = rows.Select(r => new LabResult
        {
            AnalyzerId = analyzer,
            Specimen = specimen,
            LocalCode = r.Code,
            Value = ResultValue.Numeric(r.Value),
            Units = r.Unit,
            ReferenceRange = new ReferenceRange(r.Low, r.High),
            ObservedAt = Collected,
            AnalyzedAt = Collected.AddMinutes(95),
            Instrument = instrument,
        }).ToList();
        return new SpecimenReport
        {
            AnalyzerId = analyzer,
            Specimen = specimen,
            Patient = new PatientIdentity { Id = "MRN0012345", AssigningAuthority = "GENHOSP&2.16.840.1.113883.3.9999.10&ISO", FamilyName = "DOE", GivenName = "JANE", BirthDate = new DateOnly(1970, 1, 1), Sex = AdministrativeSex.Female },
            Instrument = instrument,
            Results = results,
        };
    }

    public static OruOptions Options() => new()
    {
        SendingApplication = "HEMABRIDGE^2.16.840.1.113883.3.9999.1^ISO",
        SendingFacility = "CORELAB^2.16.840.1.113883.3.9999.2^ISO",
        ReceivingApplication = "LIS^2.16.840.1.113883.3.9999.3^ISO",
        ReceivingFacility = "CORELAB^2.16.840.1.113883.3.9999.2^ISO",
        PlacerAssigningAuthority = "EHR^2.16.840.1.113883.3.9999.20^ISO",
        FillerAssigningAuthority = "CORELAB^2.16.840.1.113883.3.9999.2^ISO",
        LocalCodingSystem = "99XN",
        EquipmentNamespace = "CORELAB",
    };

    public static byte[] EncodedCbc25() => new OruBuilder(Options()).Build(Cbc25(), ControlId.FromContent(Sha256Digest.Compute("bench"u8), 0));
}
