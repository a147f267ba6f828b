using System.Buffers;
using Hematology.Integration.Testing;

namespace Hematology.Integration.Hl7Mapping.Tests.Oru;

public sealed class OruMappingErrorTests
{
    public static TheoryData<string, LabResult, Hl7MappingError> BadResults => new()
    {
        { "unknown local code", Samples.R("XYZ", 1m, "10*3/uL", null), Hl7MappingError.MissingLoinc },
        { "unknown unit", Samples.R("WBC", 1m, "furlongs", null), Hl7MappingError.UnknownUnit },
        { "no unit", Samples.R("WBC", 1m, "10*3/uL", null) with { Units = null }, Hl7MappingError.UnknownUnit },
        { "RDW-CV in fL", Samples.R("RDW", 41.5m, "fL", null) with { Loinc = LoincCode.Parse("788-0") }, Hl7MappingError.UnitMismatch },
        { "RDW-SD in %", Samples.R("RDW-SD", 13.2m, "%", null) with { Loinc = LoincCode.Parse("21000-5") }, Hl7MappingError.UnitMismatch },
        { "count code in %", Samples.R("WBC", 55m, "%", null) with { Loinc = LoincCode.Parse("6690-2") }, Hl7MappingError.UnitMismatch },
        { "percent code as count", Samples.R("NEUT%", 4.1m, "10*3/uL", null) with { Loinc = LoincCode.Parse("770-8") }, Hl7MappingError.UnitMismatch },
        { "WBC code with % unit by local code", Samples.R("WBC", 55m, "%", null), Hl7MappingError.MissingLoinc },
        { "text not allowed", Samples.R("WBC", 1m, "10*3/uL", null) with { Value = ResultValue.FromText("clumps") }, Hl7MappingError.TextNotAllowed },
    };

    [Theory]
    [MemberData(nameof(BadResults))]
    public void Write_ResultThatCannotBeMapped_ThrowsNamingTheResultAndWritesNothing(string because, LabResult bad, Hl7MappingError expected)
    {
        var report = Samples.CbcOnly() with { Results = [Samples.R("WBC", 7.42m, "10*3/uL", null), bad] };
        var buffer = new ArrayBufferWriter<byte>();

        var error = Assert.Throws<Hl7MappingException>(() => Samples.Builder().Write(buffer, report, "C1"));

        Assert.True(expected == error.Error, because);
        Assert.Equal(2, error.ResultIndex);
        Assert.Equal(bad.LocalCode, error.LocalCode);
        Assert.Equal(0, buffer.WrittenCount);
    }

    [Fact]
    public void Write_NoResults_Throws()
    {
        var error = Assert.Throws<Hl7MappingException>(() => Samples.Builder().Build(Samples.CbcOnly() with { Results = [] }, "C1"));

        Assert.Equal(Hl7MappingError.NoResults, error.Error);
    }

    [Fact]
    public void Write_UnknownUnitAllowed_SendsItAsWritten()
    {
        var options = Samples.RealisticOptions();
        options.RejectUnknownUnits = false;
        var report = Samples.CbcOnly() with { Results = [Samples.R("WBC", 1m, "furlongs^2", null) with { Loinc = LoincCode.Parse("6690-2") }] };

        var m = Hl7Message.Parse(Samples.Builder(options).Build(report, "C1"));

        Assert.Equal("furlongs^2", m.GetValue("OBX-6.1"));
    }

    [Fact]
    public void Write_UnitCheckOff_AllowsMismatch()
    {
        var options = Samples.RealisticOptions();
        options.CheckUnitFitsCode = false;
        var report = Samples.CbcOnly() with { Results = [Samples.R("RDW", 41.5m, "fL", null) with { Loinc = LoincCode.Parse("788-0") }] };

        var m = Hl7Message.Parse(Samples.Builder(options).Build(report, "C1"));

        Assert.Equal("788-0", m.GetValue("OBX-3.1"));
    }

    [Fact]
    public void MappingException_Message_CarriesNoPatientData()
    {
        var report = Samples.CbcWithDifferential() with { Results = [Samples.R("XYZ", 1m, "10*3/uL", null)] };

        var error = Assert.Throws<Hl7MappingException>(() => Samples.Builder().Build(report, "C1"));

        Assert.DoesNotContain(Samples.Patient.Id, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Samples.Specimen.Id, error.Message, StringComparison.Ordinal);
        Assert.Contains("result 1", error.Message, StringComparison.Ordinal);
    }
}
