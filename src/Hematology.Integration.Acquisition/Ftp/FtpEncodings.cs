using System.Text;

namespace Hematology.Integration.Acquisition;

/// <summary>Resolves the configured code page for servers that do not offer UTF-8 names.</summary>
internal static class FtpEncodings
{
    /// <summary>Gets an encoding by name ("utf-8", "latin1", "windows-1252", "ibm850"…), including the legacy Windows and DOS code pages.</summary>
    /// <param name="name">The encoding's name or code page number.</param>
    /// <returns>The encoding.</returns>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static Encoding Resolve(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || name.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return new UTF8Encoding(false);
        }

        if (TryResolve(name, out var encoding))
        {
            return encoding;
        }

        throw new ArgumentException($"Unknown encoding '{name}'.", nameof(name));
    }

    /// <summary>Tries to resolve an encoding name.</summary>
    /// <param name="name">The name.</param>
    /// <param name="encoding">The encoding.</param>
    /// <returns>Whether it is known.</returns>
    public static bool TryResolve(string name, out Encoding encoding)
    {
        encoding = Encoding.UTF8;
        try
        {
            encoding = int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var codePage)
                ? CodePagesEncodingProvider.Instance.GetEncoding(codePage) ?? Encoding.GetEncoding(codePage)
                : CodePagesEncodingProvider.Instance.GetEncoding(name) ?? Encoding.GetEncoding(name);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (NotSupportedException)
        {
            return false;
        }
    }
}
