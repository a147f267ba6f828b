using System.Text;

namespace Hematology.Integration.Acquisition;

/// <summary>Turns a remote name into a safe local file name: no folder part, no control or reserved characters, never <c>.</c> or <c>..</c>.</summary>
internal static class FileNames
{
    private const int MaxLength = 120;

    /// <summary>Sanitises a remote name: <c>../../x.csv</c> becomes <c>x.csv</c>, <c>C:\a\b.csv</c> becomes <c>b.csv</c>.</summary>
    /// <param name="remoteName">The name as the source reported it.</param>
    /// <returns>A name that is safe as the last part of a local path.</returns>
    public static string Sanitise(string remoteName)
    {
        var last = remoteName;
        var cut = last.LastIndexOfAny(['/', '\\']);
        if (cut >= 0)
        {
            last = last[(cut + 1)..];
        }

        var builder = new StringBuilder(last.Length);
        foreach (var c in last)
        {
            builder.Append(char.IsControl(c) || c is ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : c);
        }

        var name = builder.ToString().Trim().TrimStart('.').TrimEnd('.', ' ');
        if (name.Length == 0)
        {
            name = "file";
        }

        if (name.Length > MaxLength)
        {
            var extension = Path.GetExtension(name);
            name = extension.Length is > 0 and < 16 ? name[..(MaxLength - extension.Length)] + extension : name[..MaxLength];
        }

        return name;
    }

    /// <summary>Whether a name matches a pattern with <c>*</c> and <c>?</c>, case-insensitively.</summary>
    public static bool Matches(string name, string pattern)
    {
        if (string.IsNullOrEmpty(pattern) || string.Equals(pattern, "*", StringComparison.Ordinal))
        {
            return true;
        }

        return System.IO.Enumeration.FileSystemName.MatchesSimpleExpression(pattern, name, ignoreCase: true);
    }

    /// <summary>Finds a name in a folder that is not taken: <c>name.csv</c>, then <c>name~1.csv</c>, <c>name~2.csv</c>…</summary>
    public static string WithSuffix(string name, int attempt)
    {
        if (attempt == 0)
        {
            return name;
        }

        var extension = Path.GetExtension(name);
        var stem = name[..^extension.Length];
        return $"{stem}~{attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)}{extension}";
    }
}
