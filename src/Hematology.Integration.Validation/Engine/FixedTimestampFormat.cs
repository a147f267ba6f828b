using System.Runtime.CompilerServices;

namespace Hematology.Integration.Validation.Engine;

/// <summary>
/// A fast exact parser for timestamp formats made only of fixed-width numeric fields (<c>yyyy</c>, <c>MM</c>,
/// <c>dd</c>, <c>HH</c>, <c>mm</c>, <c>ss</c>) and literal characters, such as <c>yyyy-MM-dd'T'HH:mm:ss</c> or
/// <c>dd.MM.yyyy HH:mm</c>. It accepts only text that <see cref="DateTime.TryParseExact(ReadOnlySpan{char}, ReadOnlySpan{char}, IFormatProvider, System.Globalization.DateTimeStyles, out DateTime)"/>
/// would accept with the same value; anything else goes to that method, so the fast path never changes a verdict.
/// </summary>
internal sealed class FixedTimestampFormat
{
    private readonly Field[] fields;
    private readonly string pattern;

    private FixedTimestampFormat(string pattern, Field[] fields)
    {
        this.pattern = pattern;
        this.fields = fields;
    }

    private enum Part
    {
        Literal,
        Year,
        Month,
        Day,
        Hour,
        Minute,
        Second,
    }

    /// <summary>Compiles a .NET custom format, or returns <see langword="null"/> when it has anything but the supported fields and literals.</summary>
    public static FixedTimestampFormat? TryCreate(string format, System.Globalization.CultureInfo culture)
    {
        if (culture.Calendar is not System.Globalization.GregorianCalendar)
        {
            return null;
        }

        var text = new System.Text.StringBuilder();
        var parts = new List<Field>();
        var seen = new HashSet<Part>();
        for (var i = 0; i < format.Length;)
        {
            var c = format[i];
            if (c == '\'')
            {
                var end = format.IndexOf('\'', i + 1);
                if (end < 0)
                {
                    return null;
                }

                foreach (var literal in format.AsSpan(i + 1, end - i - 1))
                {
                    if (char.IsAsciiDigit(literal))
                    {
                        return null;
                    }

                    parts.Add(new Field(Part.Literal, text.Length, 1));
                    text.Append(literal);
                }

                i = end + 1;
                continue;
            }

            var run = 1;
            while (i + run < format.Length && format[i + run] == c)
            {
                run++;
            }

            Part? part = (c, run) switch
            {
                ('y', 4) => Part.Year,
                ('M', 2) => Part.Month,
                ('d', 2) => Part.Day,
                ('H', 2) => Part.Hour,
                ('m', 2) => Part.Minute,
                ('s', 2) => Part.Second,
                _ => null,
            };
            if (part is { } p)
            {
                if (!seen.Add(p))
                {
                    return null;
                }

                parts.Add(new Field(p, text.Length, run));
                text.Append('0', run);
                i += run;
                continue;
            }

            // Only plain punctuation and spaces are taken literally; letters are (or may become) specifiers, and '/' is
            // the culture's date separator. ':' is the culture's time separator, hence the check below.
            if (c is not ('-' or ':' or '.' or ' ') || (c == ':' && !string.Equals(culture.DateTimeFormat.TimeSeparator, ":", StringComparison.Ordinal)))
            {
                return null;
            }

            for (var k = 0; k < run; k++)
            {
                parts.Add(new Field(Part.Literal, text.Length, 1));
                text.Append(c);
            }

            i += run;
        }

        return seen.Contains(Part.Year) && seen.Contains(Part.Month) && seen.Contains(Part.Day)
            ? new FixedTimestampFormat(text.ToString(), [.. parts])
            : null;
    }

    /// <summary>Parses <paramref name="text"/> when it matches exactly; otherwise returns <see langword="false"/> (the caller falls back).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryParse(ReadOnlySpan<char> text, out DateTime value)
    {
        value = default;
        if (text.Length != pattern.Length)
        {
            return false;
        }

        int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
        foreach (var field in fields)
        {
            if (field.Part == Part.Literal)
            {
                if (text[field.Offset] != pattern[field.Offset])
                {
                    return false;
                }

                continue;
            }

            var number = 0;
            for (var k = field.Offset; k < field.Offset + field.Length; k++)
            {
                var digit = text[k] - '0';
                if ((uint)digit > 9)
                {
                    return false;
                }

                number = (number * 10) + digit;
            }

            switch (field.Part)
            {
                case Part.Year: year = number; break;
                case Part.Month: month = number; break;
                case Part.Day: day = number; break;
                case Part.Hour: hour = number; break;
                case Part.Minute: minute = number; break;
                default: second = number; break;
            }
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        return true;
    }

    private readonly record struct Field(Part Part, int Offset, int Length);
}
