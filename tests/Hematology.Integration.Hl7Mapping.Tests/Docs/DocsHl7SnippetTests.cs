using System.Text;
using Hematology.Integration.Hl7Mapping.Tests.Oru;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hematology.Integration.Hl7Mapping.Tests.Docs;

/// <summary>The code and configuration shown in docs/hl7.md, compiled and run, so the document cannot drift from the API.</summary>
public sealed class DocsHl7SnippetTests
{
    [Fact]
    public void QuickStart_BuildAndParse_ReadsBackWhatWasBuilt()
    {
        var report = Samples.CbcWithDifferential();
        var fileSha = Samples.FileSha;
        var messageIndex = 0;

        var builder = new OruBuilder(new OruOptions
        {
            SendingApplication = "HEMABRIDGE^2.16.840.1.113883.3.9999.1^ISO",
            SendingFacility = "CORELAB^2.16.840.1.113883.3.9999.2^ISO",
            ReceivingApplication = "LIS^2.16.840.1.113883.3.9999.3^ISO",
            ReceivingFacility = "CORELAB^2.16.840.1.113883.3.9999.2^ISO",
            FillerAssigningAuthority = "CORELAB^2.16.840.1.113883.3.9999.2^ISO",
            LocalCodingSystem = "99XN",
            EquipmentNamespace = "CORELAB",
        });

        byte[] message = builder.Build(report, fileSha, messageIndex);

        Hl7Message parsed = Hl7Message.Parse(message);
        string wbc = parsed.GetValue("OBX(1)-5");
        string patientId = parsed.GetValue("PID-3.1");

        Assert.Equal("7.42", wbc);
        Assert.Equal("MRN0012345", patientId);
        Assert.Equal(ControlId.FromContent(fileSha, 0), parsed.ControlId);
    }

    [Fact]
    public void AckExample_BuildsTheDocumentedSegments()
    {
        var received = Encoding.UTF8.GetBytes(OruGoldenTests.CbcWithDifferential());

        var acks = new AckBuilder(new AckBuilderOptions { SendingApplication = "LIS" });
        byte[] ack = acks.BuildUtf8(Hl7Header.Read(received), AckCode.ApplicationError, "Result rejected",
        [
            new AckError { Location = new Hl7ErrorLocation("OBX", 2, 5, 1), Code = Hl7ErrorCode.DataTypeError, DiagnosticInformation = "OBX-5 value is not a valid NM" },
        ]);

        var parsed = Hl7Ack.Parse(ack);
        Assert.Equal(AckCode.ApplicationError, parsed.Code);
        Assert.True(parsed.Acknowledges(Hl7Header.Read(received).ControlId));
        Assert.Equal("ACK^R01^ACK", parsed.MessageType);
        var error = Assert.Single(parsed.Errors);
        Assert.Equal("OBX^2^5^1", error.Location!.ToString());
        Assert.Equal(Hl7ErrorCode.DataTypeError, error.Code);
        Assert.Equal(Hl7ErrorSeverity.Error, error.Severity);
    }

    [Fact]
    public void CatalogConfiguration_JsonFromTheDocument_BindsAndDerivesFlags()
    {
        const string json = """
        {
          "Catalog": {
            "IncludeDefaults": true,
            "UnitAliases": { "Mrd/L": "10*9/L" },
            "Parameters": [
              { "LocalCode": "WBC-C", "Aliases": [ "WBCC" ], "Loinc": "33256-9", "Display": "Leukocytes [#/volume] corrected for nucleated erythrocytes in Blood by Automated count",
                "Property": "NumberConcentration", "Unit": "10*3/uL" }
            ],
            "Ranges": [
              { "Loinc": "6690-2", "Unit": "10*3/uL", "Low": 4.5, "High": 11.0, "CriticalLow": 2.0, "CriticalHigh": 30.0 },
              { "Loinc": "718-7", "Unit": "g/dL", "Sex": "Female", "Low": 12.0, "High": 16.0, "CriticalLow": 7.0, "CriticalHigh": 20.0 },
              { "Loinc": "718-7", "Unit": "g/dL", "Sex": "Male", "Low": 14.0, "High": 17.0, "CriticalLow": 7.0, "CriticalHigh": 20.0 }
            ]
          }
        }
        """;
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var services = new ServiceCollection();
        services.AddHl7Mapping(
            oru => configuration.GetSection("Oru").Bind(oru),
            catalog => configuration.GetSection("Catalog").Bind(catalog));

        using var provider = services.BuildServiceProvider();
        var catalog = provider.GetRequiredService<HematologyCatalog>();

        Assert.True(catalog.TryFindByLocalCode("WBCC", "Mrd/L", out var corrected));
        Assert.Equal("33256-9", corrected.Loinc.Value);
        var hgb = LoincCode.Parse("718-7");
        Assert.Equal(ResultInterpretation.Low, catalog.Interpret(hgb, "g/dL", ResultValue.Numeric(13.0m), AdministrativeSex.Male));
        Assert.Equal(ResultInterpretation.Normal, catalog.Interpret(hgb, "g/dL", ResultValue.Numeric(13.0m), AdministrativeSex.Female));
        Assert.Equal(ResultInterpretation.CriticalLow, catalog.Interpret(hgb, "g/dL", ResultValue.Numeric(7.0m), AdministrativeSex.Female));
        Assert.Equal(ResultInterpretation.CriticalHigh, catalog.Interpret(LoincCode.Parse("6690-2"), "10*3/uL", ResultValue.Numeric(31m)));
    }

    [Fact]
    public void CatalogInCode_BuilderFromTheDocument_IsUsedByTheOruBuilder()
    {
        var catalog = HematologyCatalog.CreateBuilder()
            .AddUnitAlias("Mrd/L", "10*9/L")
            .AddRange(new CatalogRange { Loinc = LoincCode.Parse("6690-2"), Unit = "10*3/uL", Low = 4.5m, High = 11.0m, CriticalLow = 2.0m, CriticalHigh = 30.0m })
            .Build();
        var options = Samples.RealisticOptions();
        var builder = new OruBuilder(options, catalog);
        var report = Samples.CbcOnly();

        var parsed = Hl7Message.Parse(builder.Build(report, "DOC1"));

        Assert.Equal("12.30", parsed.GetValue("OBX(1)-5"));
        Assert.Equal("4.5-11.0", parsed.GetValue("OBX(1)-7"));
        Assert.Equal("H", parsed.GetValue("OBX(1)-8"));
        Assert.True(catalog.TryConvert(14.2m, "g/dL", "mmol/L", out var mmol));
        Assert.Equal(8.81m, mmol); // 14.2 × 0.6206 = 8.81252, kept to three significant digits
    }
}
