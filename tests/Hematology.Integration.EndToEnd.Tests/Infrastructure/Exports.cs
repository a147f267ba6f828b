using System.Globalization;
using System.Text;
using Hematology.Integration.Hl7Mapping;

namespace Hematology.Integration.EndToEnd.Tests.Infrastructure;

/// <summary>Realistic generic-long exports (the source design's layout) and the control ids their messages must carry.</summary>
internal static class Exports
{
    public const string Header = "Patient_ID,Specimen_ID,Test_Code,Result_Value,Units,Flag,Timestamp,Instrument\n";

    private static readonly (string Code, string Unit, decimal Low, decimal High)[] Panel =
    [
        ("WBC", "10^3/uL", 4.0m, 11.0m),
        ("RBC", "10^6/uL", 4.0m, 5.8m),
        ("HGB", "g/dL", 12.0m, 17.0m),
        ("HCT", "%", 36m, 50m),
        ("PLT", "10^3/uL", 150m, 400m),
    ];

    /// <summary>One export with <paramref name="specimens"/> specimens of <paramref name="resultsPerSpecimen"/> results each.</summary>
    public static string Valid(int fileNumber, int specimens = 2, int resultsPerSpecimen = 5)
    {
        var text = new StringBuilder(Header);
        for (var s = 0; s < specimens; s++)
        {
            AppendSpecimen(text, fileNumber, s, resultsPerSpecimen);
        }

        return text.ToString();
    }

    /// <summary>An export whose second specimen has a non-numeric and an unknown-unit row among valid ones.</summary>
    public static string WithBadRows(int fileNumber)
    {
        var text = new StringBuilder(Header);
        AppendSpecimen(text, fileNumber, 0, 5);
        var (patient, specimen) = Ids(fileNumber, 1);
        text.Append(CultureInfo.InvariantCulture, $"{patient},{specimen},WBC,abc,10^3/uL,,2026-03-14T10:05:12,XN-1000^11001\n");
        text.Append(CultureInfo.InvariantCulture, $"{patient},{specimen},HGB,13.1,furlongs,,2026-03-14T10:05:12,XN-1000^11001\n");
        text.Append(CultureInfo.InvariantCulture, $"{patient},{specimen},PLT,250,10^3/uL,,2026-03-14T10:05:12,XN-1000^11001\n");
        return text.ToString();
    }

    /// <summary>An export without its result columns: the whole file is rejected.</summary>
    public static string MissingColumns(int fileNumber) =>
        $"Patient_ID,Specimen_ID,Timestamp\nMRN{fileNumber:D4}00,S{fileNumber:D4}00,2026-03-14T10:05:12\n";

    public static (string Patient, string Specimen) Ids(int fileNumber, int specimen) =>
        (string.Create(CultureInfo.InvariantCulture, $"MRN{fileNumber:D4}{specimen:D2}"), string.Create(CultureInfo.InvariantCulture, $"S{fileNumber:D4}{specimen:D2}"));

    /// <summary>The control ids (MSH-10) of a file's messages, in order: derived from its SHA-256 and the message index.</summary>
    public static IReadOnlyList<string> ControlIds(string content, int messages)
    {
        var sha = Sha256Digest.Compute(Encoding.UTF8.GetBytes(content));
        return [.. Enumerable.Range(0, messages).Select(i => ControlId.FromContent(sha, i))];
    }

    /// <summary>Writes exports into a drop folder with increasing modification times (acquisition order = file order).</summary>
    public static IReadOnlyList<(string Name, string Content)> Drop(string folder, IEnumerable<string> contents, string prefix = "export")
    {
        Directory.CreateDirectory(folder);
        var written = new List<(string, string)>();
        var start = DateTime.UtcNow.AddMinutes(-10);
        var i = 0;
        foreach (var content in contents)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i:D5}.csv");
            var path = Path.Combine(folder, name);
            File.WriteAllText(path, content);
            File.SetLastWriteTimeUtc(path, start.AddSeconds(i));
            written.Add((name, content));
            i++;
        }

        return written;
    }

    private static void AppendSpecimen(StringBuilder text, int fileNumber, int specimen, int results)
    {
        var (patient, id) = Ids(fileNumber, specimen);
        for (var r = 0; r < results; r++)
        {
            var (code, unit, low, high) = Panel[r % Panel.Length];
            var value = low + ((high - low) * ((fileNumber + specimen + r) % 7) / 7m);
            text.Append(CultureInfo.InvariantCulture, $"{patient},{id},{code},{value:0.0},{unit},,2026-03-14T10:{specimen % 60:D2}:12,XN-1000^11001\n");
        }
    }
}
