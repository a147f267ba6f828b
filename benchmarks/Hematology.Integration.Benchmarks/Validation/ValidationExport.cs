using System.Globalization;
using System.Text;

namespace Hematology.Integration.Benchmarks.Validation;

/// <summary>Generates a realistic generic-long export of a given size (results of 8 CBC parameters per specimen).</summary>
internal static class ValidationExport
{
    public const string Header = "Patient_ID,Specimen_ID,Test_Code,Result_Value,Units,Flag,Timestamp,Instrument\n";

    private static readonly string[] Codes = ["WBC", "RBC", "HGB", "HCT", "PLT", "MCV", "NEUT%", "LYMPH%"];
    private static readonly string[] Values = ["7.42", "4.51", "13.5", "41.1", "212", "88.0", "61.2", "28.9"];
    private static readonly string[] Units = ["10^3/uL", "10^6/uL", "g/dL", "%", "10^3/uL", "fL", "%", "%"];
    private static readonly string[] Flags = ["", "", "H", "", "L", "", "", ""];

    /// <summary>Writes the export to <paramref name="path"/> unless a file of at least <paramref name="bytes"/> bytes is already there.</summary>
    /// <returns>The number of data rows in the file (counted when reused).</returns>
    public static long Ensure(string path, long bytes)
    {
        if (File.Exists(path) && new FileInfo(path).Length >= bytes)
        {
            return CountRows(path);
        }

        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 20);
        writer.Write(Header);
        long written = Header.Length;
        long rows = 0;
        var line = new StringBuilder(96);
        while (written < bytes)
        {
            var specimen = rows / 8;
            var p = (int)(rows % 8);
            line.Clear();
            line.Append("MRN").Append(100000 + (specimen % 50000)).Append(",S").Append(specimen).Append(',')
                .Append(Codes[p]).Append(',').Append(Values[p]).Append(',').Append(Units[p]).Append(',').Append(Flags[(int)(specimen % 8)])
                .Append(",2025-03-14T").Append(((specimen / 3600) % 24).ToString("00", CultureInfo.InvariantCulture)).Append(':')
                .Append(((specimen / 60) % 60).ToString("00", CultureInfo.InvariantCulture)).Append(':')
                .Append((specimen % 60).ToString("00", CultureInfo.InvariantCulture)).Append(",XN-1000^11001\n");
            writer.Write(line);
            written += line.Length;
            rows++;
        }

        return rows;
    }

    private static long CountRows(string path)
    {
        long lines = 0;
        var buffer = new byte[1 << 20];
        using var stream = File.OpenRead(path);
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        return lines - 1;
    }
}
