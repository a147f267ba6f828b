using System.Globalization;

namespace Hematology.Integration.Audit.JsonLines;

/// <summary>Names and lists the files of a JSON Lines trail.</summary>
internal static class TrailFiles
{
    public const string Extension = ".jsonl";

    public static string DayFile(string directory, string prefix, DateOnly day) =>
        Path.Combine(directory, $"{prefix}-{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}{Extension}");

    public static string HeadPath(string directory, string prefix) => Path.Combine(directory, prefix + ".head");

    public static string LockPath(string directory, string prefix) => Path.Combine(directory, prefix + ".lock");

    /// <summary>Lists the daily files in chronological (name) order.</summary>
    public static List<(string Path, DateOnly Day)> List(string directory, string prefix)
    {
        var files = new List<(string, DateOnly)>();
        if (!Directory.Exists(directory))
        {
            return files;
        }

        foreach (var path in Directory.EnumerateFiles(directory, prefix + "-*" + Extension))
        {
            var name = Path.GetFileName(path);
            var datePart = name.AsSpan(prefix.Length + 1, name.Length - prefix.Length - 1 - Extension.Length);
            if (DateOnly.TryParseExact(datePart, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                files.Add((path, day));
            }
        }

        files.Sort((a, b) => string.CompareOrdinal(Path.GetFileName(a.Item1), Path.GetFileName(b.Item1)));
        return files;
    }
}
