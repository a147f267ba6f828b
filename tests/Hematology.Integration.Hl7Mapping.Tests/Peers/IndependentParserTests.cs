using System.Text;
using System.Text.Json;
using Hematology.Integration.Hl7Mapping.Tests.Oru;
using Hematology.Integration.Testing;
using Hematology.Integration.Testing.Peers;

namespace Hematology.Integration.Hl7Mapping.Tests.Peers;

/// <summary>
/// Every golden message is read by python3-hl7 (hl7.parse) and by @medplum's Hl7Message.parse, through
/// tests/peers/hl7_parse_python.py and hl7_parse_medplum.js; field by field they must read what we meant.
/// A missing peer fails the test.
/// </summary>
public sealed class IndependentParserTests
{
    public static TheoryData<string> Peers => new() { "python3-hl7", "@medplum/hl7" };

    [Theory]
    [MemberData(nameof(Peers))]
    public async Task CbcWithDifferential_PeerReadsWhatWeMeant(string peer)
    {
        var report = Samples.CbcWithDifferential();
        var json = await ParseAsync(peer, OruGoldenTests.CbcWithDifferential());

        AssertOru(json, report, ControlId.FromContent(Samples.FileSha, 0));
    }

    [Theory]
    [MemberData(nameof(Peers))]
    public async Task CbcOnly_PeerReadsWhatWeMeant(string peer)
    {
        var report = Samples.CbcOnly();
        var json = await ParseAsync(peer, OruGoldenTests.CbcOnly());

        AssertOru(json, report, ControlId.FromContent(Samples.FileSha, 1));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("patientId").ValueKind);
    }

    [Theory]
    [MemberData(nameof(Peers))]
    public async Task HostileValues_PeerReadsWhatWeMeant(string peer)
    {
        var report = OruEscapingTests.HostileReport();
        var json = await ParseAsync(peer, OruGoldenTests.Hostile());

        AssertOru(json, report, ControlId.FromContent(Samples.FileSha, 2));
        var pid = json.GetProperty("patientId");
        Assert.Equal(["AUTH|^~\\", "1.2.3"], pid[3].EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(Meant(report.Patient!.IdentifierType), Meant(pid[4].GetString()!));
        Assert.Equal(["MSH", "PID", "ORC", "OBR", "NTE", "NTE", "OBX", "NTE", "OBX", "OBX"], json.GetProperty("segments").EnumerateArray().Select(e => e.GetString()!));
    }

    [Theory]
    [MemberData(nameof(Peers))]
    public async Task AckWithError_PeerReadsWhatWeMeant(string peer)
    {
        var text = new AckBuilder(new AckBuilderOptions { TimeZone = TimeZoneInfo.Utc }, new FakeTimeProvider(Samples.Now)).Build(
            Hl7Header.Read(Encoding.UTF8.GetBytes(OruGoldenTests.CbcWithDifferential())),
            AckCode.ApplicationError,
            "Rejected: OBX-5 | not NM",
            [new AckError { Location = new Hl7ErrorLocation("OBX", 2, 5, 1), Code = Hl7ErrorCode.DataTypeError, DiagnosticInformation = "OBX-5 is not NM" }]);

        var json = await ParseAsync(peer, text);

        var ack = json.GetProperty("ack");
        Assert.Equal("AE", ack.GetProperty("code").GetString());
        Assert.Equal(ControlId.FromContent(Samples.FileSha, 0), ack.GetProperty("controlId").GetString());
        Assert.Equal("Rejected: OBX-5 | not NM", ack.GetProperty("text").GetString());
        Assert.Equal(["ACK", "R01", "ACK"], json.GetProperty("messageType").EnumerateArray().Select(e => e.GetString()!));
        var error = Assert.Single(json.GetProperty("errors").EnumerateArray());
        Assert.Equal(["OBX", "2", "5", "1"], error.GetProperty("location").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal("102", error.GetProperty("code")[0].GetString());
        Assert.Equal("HL70357", error.GetProperty("code")[2].GetString());
        Assert.Equal("E", error.GetProperty("severity").GetString());
    }

    [Theory]
    [MemberData(nameof(Peers))]
    public async Task AckAccept_PeerReadsWhatWeMeant(string peer)
    {
        var text = new AckBuilder(null, new FakeTimeProvider(Samples.Now)).Build(
            Hl7Header.Read(Encoding.UTF8.GetBytes(OruGoldenTests.CbcOnly())), AckCode.ApplicationAccept);

        var json = await ParseAsync(peer, text);

        Assert.Equal("AA", json.GetProperty("ack").GetProperty("code").GetString());
        Assert.Equal(ControlId.FromContent(Samples.FileSha, 1), json.GetProperty("ack").GetProperty("controlId").GetString());
        Assert.Empty(json.GetProperty("errors").EnumerateArray());
    }

    private static void AssertOru(JsonElement json, SpecimenReport report, string controlId)
    {
        Assert.Equal(controlId, json.GetProperty("controlId").GetString());
        Assert.Equal(["ORU", "R01", "ORU_R01"], json.GetProperty("messageType").EnumerateArray().Select(e => e.GetString()!));
        if (report.Patient is { } patient)
        {
            Assert.Equal(Meant(patient.Id), Meant(json.GetProperty("patientId")[0].GetString()!));
        }

        var observations = json.GetProperty("observations").EnumerateArray().ToList();
        Assert.Equal(report.Results.Count, observations.Count);
        for (var i = 0; i < observations.Count; i++)
        {
            var result = report.Results[i];
            var obx = observations[i];
            var because = $"OBX {i + 1} ({result.LocalCode})";
            Assert.True((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) == obx.GetProperty("setId").GetString(), because);

            var code = obx.GetProperty("code");
            var expectedLoinc = result.Loinc?.Value ?? (HematologyCatalog.Default.TryFindByLocalCode(result.LocalCode, result.Units, out var p) ? p.Loinc.Value : null);
            Assert.True(expectedLoinc == code[0].GetString(), because);
            Assert.True("LN" == code[2].GetString(), because);
            Assert.True(Meant(result.LocalCode) == Meant(code[3].GetString()!), because);

            var value = obx.GetProperty("value").EnumerateArray().Select(e => Meant(e.GetString()!)).ToList();
            List<string> expectedValue = result.Value.Kind switch
            {
                ResultValueKind.Numeric => [Invariant(result.Value.Number!.Value)],
                ResultValueKind.OffScale => [ResultValue.Symbol(result.Value.Comparator!.Value), Invariant(result.Value.Number!.Value)],
                ResultValueKind.Text => [Meant(result.Value.Text!)],
                _ => [],
            };
            Assert.True(expectedValue.SequenceEqual(value), because + ": value " + string.Join("^", value));
            Assert.True(result.Value.Kind switch { ResultValueKind.Numeric => "NM", ResultValueKind.OffScale => "SN", ResultValueKind.Text => "ST", _ => "" } == obx.GetProperty("type").GetString(), because);

            var units = obx.GetProperty("units");
            var expectedUnit = HematologyCatalog.Default.TryNormalizeUnit(result.Units, out var ucum) ? ucum : result.Units!;
            Assert.True(Meant(expectedUnit) == Meant(units[0].GetString()!), because + ": units");
            Assert.True("UCUM" == units[2].GetString(), because);

            Assert.True((result.ReferenceRange?.ToString() ?? string.Empty) == obx.GetProperty("range").GetString(), because + ": range");
            Assert.True(ExpectedFlag(result) == obx.GetProperty("flags").GetString(), because + ": flags");
            Assert.True(ExpectedStatus(result) == obx.GetProperty("status").GetString(), because + ": status");
        }

        var notes = json.GetProperty("notes").EnumerateArray().Select(e => Meant(e.GetString()!)).ToList();
        var expectedNotes = report.Comments.Concat(report.Results.SelectMany(r => r.Comments)).Select(Meant).ToList();
        Assert.Equal(expectedNotes, notes);
    }

    private static string ExpectedStatus(LabResult result) => result.Value.Kind == ResultValueKind.NotReported
        ? "X"
        : result.Status switch { ResultStatus.Corrected => "C", ResultStatus.Preliminary => "P", _ => "F" };

    private static string ExpectedFlag(LabResult result)
    {
        if (result.Value.Kind == ResultValueKind.NotReported)
        {
            return string.Empty;
        }

        var interpretation = result.Interpretation;
        if (interpretation == ResultInterpretation.None && result.ReferenceRange is { } range && result.Value.Kind == ResultValueKind.Numeric)
        {
            var v = result.Value.Number!.Value;
            interpretation = range.Low is { } low && v < low ? ResultInterpretation.Low
                : range.High is { } high && v > high ? ResultInterpretation.High
                : ResultInterpretation.Normal;
        }

        return interpretation switch
        {
            ResultInterpretation.Normal => "N",
            ResultInterpretation.Low => "L",
            ResultInterpretation.High => "H",
            ResultInterpretation.CriticalLow => "LL",
            ResultInterpretation.CriticalHigh => "HH",
            _ => string.Empty,
        };
    }

    // What a value means after escaping: line breaks become one line feed; a control character travels as \Xhh\.
    private static string Meant(string value) => value
        .Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n')
        .Replace("\u000B", "\\X0B\\", StringComparison.Ordinal);

    private static string Invariant(decimal value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<JsonElement> ParseAsync(string peer, string message)
    {
        PeerRunResult result;
        if (peer == "python3-hl7")
        {
            PeerTools.RequirePythonModule("hl7", "python3-hl7");
            result = await PeerTools.RunAsync(PeerTools.Python, [PeerTools.Script("hl7_parse_python.py")], message, TimeSpan.FromSeconds(30));
        }
        else
        {
            PeerTools.RequireNodePackage("@medplum/hl7");
            PeerTools.RequireNodePackage("@medplum/core");
            var node = File.Exists("/usr/bin/node") ? "/usr/bin/node" : "/usr/local/bin/node";
            result = await PeerTools.RunAsync(node, [PeerTools.Script("hl7_parse_medplum.js")], message, TimeSpan.FromSeconds(30));
        }

        Assert.True(result.ExitCode == 0, $"{peer} failed: {result.StandardError}");
        using var document = JsonDocument.Parse(result.StandardOutput);
        return document.RootElement.Clone();
    }
}
