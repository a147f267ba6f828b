using System.Globalization;
using System.Text;

namespace Hematology.Integration.Cli.Demo;

/// <summary>One simulated analyzer of the demo: its id, profile, drop folder and the exports written there.</summary>
/// <param name="Id">The analyzer id.</param>
/// <param name="Profile">The built-in profile its exports follow.</param>
/// <param name="DropFolder">The local folder it "exports" to.</param>
internal sealed record DemoAnalyzer(string Id, string Profile, string DropFolder);

/// <summary>What the demo's exports should produce, counted while they were written.</summary>
internal sealed class DemoExpectation
{
    public int Files { get; set; }

    public int FilesRejected { get; set; }

    public int FilesWithRejectedRows { get; set; }

    public int RowsRejected { get; set; }

    public int Results { get; set; }

    public int Messages { get; set; }
}

/// <summary>
/// Writes realistic exports for the demo, deterministically (a fixed seed): a Sysmex-like wide file with a QC row,
/// a generic long file with a differential, a European semicolon file with decimal commas, one malformed file (a
/// mandatory column missing) and one file with a bad row. Patient ids are obviously synthetic (<c>DEMO-…</c>).
/// </summary>
internal static class DemoExports
{
    public const string TimeZone = "UTC";

    private static readonly (string Code, decimal Low, decimal High, int Decimals)[] Cbc =
    [
        ("WBC", 4.0m, 11.0m, 2), ("RBC", 4.0m, 5.6m, 2), ("HGB", 12.0m, 16.5m, 1), ("HCT", 36m, 48m, 1),
        ("MCV", 82m, 98m, 1), ("MCH", 27m, 33m, 1), ("MCHC", 32m, 36m, 1), ("PLT", 150m, 400m, 0),
    ];

    private static readonly (string Code, decimal Low, decimal High, int Decimals)[] Differential =
    [
        ("NEUT#", 2.0m, 7.0m, 2), ("LYMPH#", 1.0m, 3.5m, 2), ("MONO#", 0.2m, 0.9m, 2), ("EO#", 0.05m, 0.5m, 2), ("BASO#", 0.01m, 0.1m, 2),
        ("NEUT%", 45m, 70m, 1), ("LYMPH%", 20m, 40m, 1), ("MONO%", 3m, 10m, 1), ("EO%", 1m, 5m, 1), ("BASO%", 0.2m, 1.2m, 1),
    ];

    /// <summary>Creates the analyzers' drop folders under <paramref name="root"/> and writes their exports.</summary>
    /// <param name="root">The demo's working folder.</param>
    /// <param name="now">The time the exports claim to come from.</param>
    /// <param name="expectation">Filled with what the exports should produce.</param>
    /// <returns>The simulated analyzers.</returns>
    public static IReadOnlyList<DemoAnalyzer> Write(string root, DateTimeOffset now, DemoExpectation expectation)
    {
        var random = new Random(20261201);
        var analyzers = new List<DemoAnalyzer>
        {
            new("xn-10", "sysmex-wide", Path.Combine(root, "analyzers", "xn-10")),
            new("gen-1", "generic-long", Path.Combine(root, "analyzers", "gen-1")),
            new("eu-1", "european-long", Path.Combine(root, "analyzers", "eu-1")),
        };
        foreach (var analyzer in analyzers)
        {
            Directory.CreateDirectory(analyzer.DropFolder);
        }

        var day = now.UtcDateTime;
        WriteFile(analyzers[0], $"XN10_{day:yyyyMMdd}_0001.csv", SysmexWide(random, day, expectation), expectation);
        WriteFile(analyzers[0], $"XN10_{day:yyyyMMdd}_0002.csv", SysmexMissingColumn(day), expectation);
        expectation.FilesRejected++;
        WriteFile(analyzers[1], $"gen1_{day:yyyyMMdd}_run1.csv", GenericLong(random, day, expectation, badRow: false), expectation);
        WriteFile(analyzers[1], $"gen1_{day:yyyyMMdd}_run2.csv", GenericLong(random, day.AddMinutes(20), expectation, badRow: true), expectation);
        expectation.FilesWithRejectedRows++;
        WriteFile(analyzers[2], $"eu1_{day:yyyyMMdd}_0001.csv", EuropeanLong(random, day, expectation), expectation);
        return analyzers;
    }

    private static void WriteFile(DemoAnalyzer analyzer, string name, string content, DemoExpectation expectation)
    {
        // Written beside and renamed in, as an instrument that behaves would: the pipeline's stability check copes either way.
        var path = Path.Combine(analyzer.DropFolder, name);
        File.WriteAllText(path + ".tmp", content, new UTF8Encoding(false));
        File.Move(path + ".tmp", path);
        expectation.Files++;
    }

    private static string SysmexWide(Random random, DateTime day, DemoExpectation expectation)
    {
        // Units and scaling in the header, as the instrument prints them; a /M mark column per parameter.
        (string Code, string Header, decimal Scale)[] columns =
        [
            ("WBC", "WBC(10/uL)", 100m), ("RBC", "RBC(10^4/uL)", 100m), ("HGB", "HGB(g/L)", 10m), ("HCT", "HCT(10^(-1)%)", 10m),
            ("MCV", "MCV(10^(-1)fL)", 10m), ("MCH", "MCH(10^(-1)pg)", 10m), ("MCHC", "MCHC(g/L)", 10m), ("PLT", "PLT(10^3/uL)", 1m),
            ("NEUT#", "NEUT#(10/uL)", 100m), ("LYMPH#", "LYMPH#(10/uL)", 100m), ("MONO#", "MONO#(10/uL)", 100m),
            ("EO#", "EO#(10/uL)", 100m), ("BASO#", "BASO#(10/uL)", 100m), ("NEUT%", "NEUT%(10^(-1)%)", 10m),
            ("LYMPH%", "LYMPH%(10^(-1)%)", 10m), ("MONO%", "MONO%(10^(-1)%)", 10m), ("EO%", "EO%(10^(-1)%)", 10m), ("BASO%", "BASO%(10^(-1)%)", 10m),
        ];
        var text = new StringBuilder();
        text.Append("Instrument ID,Analysis Date,Analysis Time,Rack No.,Tube Pos.,Sample No.,Analysis Mode,Patient ID,Sample Judgment Info.");
        foreach (var column in columns)
        {
            text.Append(',').Append(column.Header).Append(',').Append(column.Code).Append("/M");
        }

        text.Append(",NEUT#&(10/uL),NEUT#&/M\n");
        var limits = Cbc.Concat(Differential).ToDictionary(p => p.Code, StringComparer.Ordinal);
        for (var sample = 1; sample <= 4; sample++)
        {
            var qc = sample == 4;
            var time = day.AddMinutes(-40 + (sample * 3));
            text.Append(CultureInfo.InvariantCulture, $"XN-1000^11001,{time:yyyy'/'MM'/'dd},{time:HH:mm:ss},00001,{sample},");
            text.Append(qc ? "QC-LOT2611," : $"SMP{day:yyMMdd}{sample:0000},").Append(qc ? "QC," : "Manual,");
            text.Append(qc ? string.Empty : $"DEMO-{1000 + sample}").Append(",Negative");
            foreach (var column in columns)
            {
                var (_, low, high, decimals) = limits[column.Code];
                var value = Value(random, low, high, decimals);
                text.Append(',').Append((value * column.Scale).ToString("0", CultureInfo.InvariantCulture)).Append(',');
            }

            text.Append(",412,\n");
            if (!qc)
            {
                expectation.Results += columns.Length;
                expectation.Messages++;
            }
        }

        return text.ToString();
    }

    private static string SysmexMissingColumn(DateTime day) =>
        // "Sample No." is missing: the file cannot be attributed to specimens and is rejected whole.
        "Instrument ID,Analysis Date,Analysis Time,Rack No.,Tube Pos.,Analysis Mode,Patient ID,WBC(10/uL),WBC/M,HGB(g/L),HGB/M\n" +
        string.Create(CultureInfo.InvariantCulture, $"XN-1000^11001,{day:yyyy'/'MM'/'dd},{day.AddMinutes(-5):HH:mm:ss},00002,1,Manual,DEMO-1099,640,,141,\n");

    private static string GenericLong(Random random, DateTime day, DemoExpectation expectation, bool badRow)
    {
        var text = new StringBuilder("Patient_ID,Specimen_ID,Test_Code,Result_Value,Units,Flag,Timestamp,Instrument\n");
        for (var specimen = 1; specimen <= 2; specimen++)
        {
            var patient = $"DEMO-{(badRow ? 2100 : 2000) + specimen}";
            var specimenId = $"S{day:yyMMddHHmm}{specimen:00}";
            var stamp = day.AddMinutes(-30 + specimen).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
            var withDifferential = specimen == 1;
            foreach (var (code, low, high, decimals) in withDifferential ? Cbc.Concat(Differential) : Cbc)
            {
                var units = code switch
                {
                    "WBC" or "PLT" or "NEUT#" or "LYMPH#" or "MONO#" or "EO#" or "BASO#" => "10^3/uL",
                    "RBC" => "10^6/uL",
                    "HGB" or "MCHC" => "g/dL",
                    "MCV" => "fL",
                    "MCH" => "pg",
                    _ => "%",
                };
                if (badRow && specimen == 2 && string.Equals(code, "MCV", StringComparison.Ordinal))
                {
                    // An instrument glitch: a value that is not a number. The row is set aside; the rest goes on.
                    text.Append(CultureInfo.InvariantCulture, $"{patient},{specimenId},{code},8x.1,{units},,{stamp},DxH-900^AB1234\n");
                    expectation.RowsRejected++;
                    continue;
                }

                var value = Value(random, low, high, decimals).ToString(CultureInfo.InvariantCulture);
                text.Append(CultureInfo.InvariantCulture, $"{patient},{specimenId},{code},{value},{units},,{stamp},DxH-900^AB1234\n");
                expectation.Results++;
            }

            expectation.Messages++;
        }

        return text.ToString();
    }

    private static string EuropeanLong(Random random, DateTime day, DemoExpectation expectation)
    {
        var german = CultureInfo.GetCultureInfo("de-DE");
        var text = new StringBuilder("SampleID;Date;Time;Test;Result;Unit;Flag;RefLow;RefHigh;Instrument\n");
        (string Code, string Unit, decimal Low, decimal High, int Decimals)[] tests =
        [
            ("WBC", "10^9/L", 4.0m, 10.0m, 2), ("RBC", "10^12/L", 4.2m, 5.4m, 2), ("HGB", "g/L", 120m, 160m, 0), ("HCT", "%", 37m, 47m, 1),
            ("MCV", "fL", 80m, 96m, 1), ("PLT", "10^9/L", 150m, 400m, 0), ("NEUT%", "%", 45m, 70m, 1), ("LYMPH%", "%", 20m, 40m, 1),
        ];
        for (var specimen = 1; specimen <= 2; specimen++)
        {
            var time = day.AddMinutes(-20 + specimen);
            foreach (var (code, unit, low, high, decimals) in tests)
            {
                var value = Value(random, low, high, decimals);
                text.Append(CultureInfo.InvariantCulture, $"EU{day:yyMMdd}{specimen:000};{time:dd.MM.yyyy};{time:HH:mm:ss};{code};")
                    .Append(value.ToString(german)).Append(';').Append(unit).Append(";;")
                    .Append(low.ToString(german)).Append(';').Append(high.ToString(german)).Append(";XN-550#22002\n");
                expectation.Results++;
            }

            expectation.Messages++;
        }

        return text.ToString();
    }

    private static decimal Value(Random random, decimal low, decimal high, int decimals)
    {
        var fraction = (decimal)random.NextDouble();
        return Math.Round(low + ((high - low) * fraction), decimals, MidpointRounding.AwayFromZero);
    }
}
