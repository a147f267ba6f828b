using System.Globalization;
using System.Text.RegularExpressions;

namespace Hematology.Integration.Acquisition;

/// <summary>
/// Parses directory listings: MLSD (RFC 3659 facts, UTC times), and LIST in the Unix <c>ls -l</c> style (tolerant of
/// missing owner/group columns and of servers' different padding) or the Windows/IIS "MS-DOS" style. A line that no
/// parser understands is returned in <see cref="FtpListing.UnparsedLines"/>, never dropped silently.
/// </summary>
internal static partial class FtpListingParser
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    private static readonly string[] MachineTimeFormats = ["yyyyMMddHHmmss", "yyyyMMddHHmmss.f", "yyyyMMddHHmmss.ff", "yyyyMMddHHmmss.fff", "yyyyMMddHHmmss.ffffff"];

    /// <summary>Parses an MLSD listing.</summary>
    /// <param name="text">The listing's text.</param>
    /// <returns>The entries (without <c>.</c> and <c>..</c>) and the unparsed lines.</returns>
    public static FtpListing ParseMlsd(string text)
    {
        var entries = new List<FtpListEntry>();
        var unparsed = new List<string>();
        foreach (var line in Lines(text))
        {
            if (TryParseMlsdLine(line, out var entry, out var skip))
            {
                if (!skip)
                {
                    entries.Add(entry);
                }
            }
            else
            {
                unparsed.Add(line);
            }
        }

        return new FtpListing(entries, unparsed, ExactTimes: true);
    }

    /// <summary>Parses a LIST listing, each line as Unix or as MS-DOS.</summary>
    /// <param name="text">The listing's text.</param>
    /// <param name="now">Today, to give Unix "Mon dd hh:mm" lines a year.</param>
    /// <returns>The entries and the unparsed lines.</returns>
    public static FtpListing ParseList(string text, DateTimeOffset now)
    {
        var entries = new List<FtpListEntry>();
        var unparsed = new List<string>();
        foreach (var line in Lines(text))
        {
            if (line.StartsWith("total ", StringComparison.OrdinalIgnoreCase) && long.TryParse(line.AsSpan(6).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            if (TryParseUnixLine(line, now, out var entry) || TryParseDosLine(line, out entry))
            {
                if (entry.Name is not "." and not "..")
                {
                    entries.Add(entry);
                }
            }
            else
            {
                unparsed.Add(line);
            }
        }

        return new FtpListing(entries, unparsed);
    }

    /// <summary>Parses one MLSD line: <c>fact=value;fact=value; name</c>.</summary>
    public static bool TryParseMlsdLine(string line, out FtpListEntry entry, out bool skip)
    {
        entry = default;
        skip = false;
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || space == line.Length - 1 || !line.AsSpan(0, space).Contains('='))
        {
            return false;
        }

        var name = line[(space + 1)..];
        var kind = FtpListEntryKind.Other;
        long? size = null;
        DateTimeOffset? modified = null;
        foreach (var fact in line[..space].Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = fact.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return false;
            }

            var key = fact[..eq].ToLowerInvariant();
            var value = fact[(eq + 1)..];
            switch (key)
            {
                case "type":
                    switch (value.ToLowerInvariant())
                    {
                        case "file":
                            kind = FtpListEntryKind.File;
                            break;
                        case "dir":
                            kind = FtpListEntryKind.Directory;
                            break;
                        case "cdir":
                        case "pdir":
                            skip = true;
                            break;
                        default:
                            kind = FtpListEntryKind.Other;
                            break;
                    }

                    break;
                case "size":
                    if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var s))
                    {
                        size = s;
                    }

                    break;
                case "modify":
                    modified = ParseMachineTime(value);
                    break;
                default:
                    break;
            }
        }

        entry = new FtpListEntry(name, kind, size, modified);
        return true;
    }

    /// <summary>Parses a Unix <c>ls -l</c> line.</summary>
    public static bool TryParseUnixLine(string line, DateTimeOffset now, out FtpListEntry entry)
    {
        entry = default;
        var match = UnixLine().Match(line);
        if (!match.Success)
        {
            return false;
        }

        var month = Array.IndexOf(Months, match.Groups["month"].Value.ToLowerInvariant()) + 1;
        if (month == 0 || !long.TryParse(match.Groups["size"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            return false;
        }

        var day = int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture);
        var timeOrYear = match.Groups["time"].Value;
        DateTimeOffset? modified = null;
        try
        {
            if (timeOrYear.Contains(':', StringComparison.Ordinal))
            {
                var parts = timeOrYear.Split(':');
                var candidate = new DateTimeOffset(now.Year, month, day, int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture), 0, TimeSpan.Zero);
                // "Mon dd hh:mm" means within the last six months: a date ahead of today belongs to last year.
                modified = candidate > now.AddDays(2) ? candidate.AddYears(-1) : candidate;
            }
            else
            {
                modified = new DateTimeOffset(int.Parse(timeOrYear, CultureInfo.InvariantCulture), month, day, 0, 0, 0, TimeSpan.Zero);
            }
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }

        var type = match.Groups["type"].Value[0];
        var name = match.Groups["name"].Value;
        var kind = type switch
        {
            '-' => FtpListEntryKind.File,
            'd' => FtpListEntryKind.Directory,
            _ => FtpListEntryKind.Other,
        };
        if (type == 'l')
        {
            var arrow = name.IndexOf(" -> ", StringComparison.Ordinal);
            if (arrow > 0)
            {
                name = name[..arrow];
            }
        }

        entry = new FtpListEntry(name, kind, size, modified);
        return true;
    }

    /// <summary>Parses a Windows/IIS "MS-DOS" line: <c>11-22-26  02:07AM       &lt;DIR&gt;  name</c> or with a size.</summary>
    public static bool TryParseDosLine(string line, out FtpListEntry entry)
    {
        entry = default;
        var match = DosLine().Match(line);
        if (!match.Success)
        {
            return false;
        }

        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        if (match.Groups["year"].Value.Length == 2)
        {
            year += year < 70 ? 2000 : 1900;
        }

        var hour = int.Parse(match.Groups["hour"].Value, CultureInfo.InvariantCulture);
        var ampm = match.Groups["ampm"].Value.ToUpperInvariant();
        if (string.Equals(ampm, "PM", StringComparison.Ordinal) && hour < 12)
        {
            hour += 12;
        }
        else if (string.Equals(ampm, "AM", StringComparison.Ordinal) && hour == 12)
        {
            hour = 0;
        }

        DateTimeOffset modified;
        try
        {
            modified = new DateTimeOffset(year, int.Parse(match.Groups["month"].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture), hour, int.Parse(match.Groups["minute"].Value, CultureInfo.InvariantCulture), 0, TimeSpan.Zero);
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }

        var sizeOrDir = match.Groups["size"].Value;
        entry = sizeOrDir.Equals("<DIR>", StringComparison.OrdinalIgnoreCase)
            ? new FtpListEntry(match.Groups["name"].Value, FtpListEntryKind.Directory, null, modified)
            : new FtpListEntry(match.Groups["name"].Value, FtpListEntryKind.File, long.Parse(sizeOrDir, NumberStyles.None, CultureInfo.InvariantCulture), modified);
        return true;
    }

    /// <summary>Parses an RFC 3659 time value (<c>YYYYMMDDHHMMSS[.sss]</c>, UTC).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The time, or <see langword="null"/> when malformed.</returns>
    public static DateTimeOffset? ParseMachineTime(string value) =>
        DateTimeOffset.TryParseExact(value, MachineTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time : null;

    private static IEnumerable<string> Lines(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length > 0 && !string.IsNullOrWhiteSpace(line))
            {
                yield return line;
            }
        }
    }

    [GeneratedRegex(@"^(?<type>[-dlbcpsD])[-rwxsStTlL+.@]{9,10}\s+(?:\d+\s+)?(?:\S+\s+){0,2}?(?<size>\d+)\s+(?<month>[A-Za-z]{3})\s+(?<day>\d{1,2})\s+(?<time>\d{1,2}:\d{2}|\d{4})\s(?<name>.+)$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex UnixLine();

    [GeneratedRegex(@"^(?<month>\d{2})-(?<day>\d{2})-(?<year>\d{2}|\d{4})\s+(?<hour>\d{1,2}):(?<minute>\d{2})\s*(?<ampm>[AaPp][Mm])?\s+(?<size><DIR>|\d+)\s+(?<name>.+)$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DosLine();
}
