using System.Text;

namespace Hematology.Integration.Validation.Profiles;

/// <summary>
/// Normalises unit spellings so that <c>x10³/µL</c>, <c>10^3/uL</c>, <c>10*3/uL</c> and <c>10³/μL</c> compare equal:
/// µ (U+00B5) and μ (U+03BC) become <c>u</c>, superscripts become <c>^</c> and digits, <c>10*</c> and <c>10e</c>
/// become <c>10^</c>, a leading <c>x</c> or <c>×</c> before a digit, spaces and case are dropped.
/// </summary>
internal static class UnitSpelling
{
    private const string Superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    public static string Normalize(string spelling)
    {
        ArgumentNullException.ThrowIfNull(spelling);
        var text = spelling.Trim();
        var builder = new StringBuilder(text.Length + 4);
        var inSuperscript = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var superscript = Superscripts.IndexOf(c, StringComparison.Ordinal);
            if (superscript >= 0 || c == '\u207B')
            {
                if (!inSuperscript && (builder.Length == 0 || builder[^1] != '^'))
                {
                    builder.Append('^');
                }

                builder.Append(superscript >= 0 ? (char)('0' + superscript) : '-');
                inSuperscript = true;
                continue;
            }

            inSuperscript = false;
            switch (c)
            {
                case ' ' or '\t':
                    continue;
                case '\u00B5' or '\u03BC':
                    builder.Append('u');
                    continue;
                case 'x' or 'X' or '\u00D7' when builder.Length == 0 && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]):
                    continue;
                case '*' or 'e' or 'E' when EndsWithTen(builder) && i + 1 < text.Length && (char.IsAsciiDigit(text[i + 1]) || text[i + 1] == '-'):
                    builder.Append('^');
                    continue;
                default:
                    builder.Append(char.ToLowerInvariant(c));
                    continue;
            }
        }

        return builder.ToString();
    }

    private static bool EndsWithTen(StringBuilder builder) =>
        builder.Length >= 2 && builder[^1] == '0' && builder[^2] == '1' && (builder.Length == 2 || !char.IsAsciiDigit(builder[^3]));
}
