using System.Globalization;

namespace Hematology.Integration.Hl7Mapping;

/// <summary>A position in a message written as text: <c>SEG[(occurrence)]-field[(repetition)][.component[.subcomponent]]</c>.</summary>
internal readonly record struct Hl7Position(string SegmentId, int Occurrence, int Field, int Repetition, int Component, int SubComponent)
{
    public static Hl7Position Parse(string text)
    {
        var span = text.AsSpan().Trim();
        if (span.Length < 5 || span.IndexOf('-') < 3)
        {
            throw Invalid(text);
        }

        var id = span[..3].ToString();
        var rest = span[3..];
        var occurrence = 1;
        if (rest[0] == '(')
        {
            occurrence = ReadParenthesised(ref rest, text);
        }

        if (rest.IsEmpty || rest[0] != '-')
        {
            throw Invalid(text);
        }

        rest = rest[1..];
        var field = ReadNumber(ref rest, text);
        var repetition = 0;
        if (!rest.IsEmpty && rest[0] == '(')
        {
            repetition = ReadParenthesised(ref rest, text);
        }

        var component = 0;
        var sub = 0;
        if (!rest.IsEmpty)
        {
            if (rest[0] != '.')
            {
                throw Invalid(text);
            }

            rest = rest[1..];
            component = ReadNumber(ref rest, text);
            if (!rest.IsEmpty)
            {
                if (rest[0] != '.')
                {
                    throw Invalid(text);
                }

                rest = rest[1..];
                sub = ReadNumber(ref rest, text);
            }
        }

        if (!rest.IsEmpty)
        {
            throw Invalid(text);
        }

        return new Hl7Position(id, occurrence, field, repetition, component, sub);
    }

    private static int ReadParenthesised(ref ReadOnlySpan<char> rest, string text)
    {
        var close = rest.IndexOf(')');
        if (close < 2 || !int.TryParse(rest[1..close], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            throw Invalid(text);
        }

        rest = rest[(close + 1)..];
        return value;
    }

    private static int ReadNumber(ref ReadOnlySpan<char> rest, string text)
    {
        var length = 0;
        while (length < rest.Length && char.IsAsciiDigit(rest[length]))
        {
            length++;
        }

        if (length == 0 || !int.TryParse(rest[..length], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            throw Invalid(text);
        }

        rest = rest[length..];
        return value;
    }

    private static FormatException Invalid(string text)
        => new($"'{text}' is not an HL7 position; write SEG[(occurrence)]-field[(repetition)][.component[.subcomponent]], for example PID-3.1 or OBX(2)-5.");
}

/// <summary>Interns the common segment ids so parsing does not allocate a string per segment.</summary>
internal static class SegmentIds
{
    private static readonly string[] Known =
    [
        "MSH", "MSA", "ERR", "PID", "PD1", "PV1", "PV2", "ORC", "OBR", "OBX", "NTE", "SPM", "SFT", "NK1", "TQ1", "EVN",
        "QRD", "QAK", "BHS", "BTS", "FHS", "FTS", "DSC", "CTD", "FT1", "CTI", "IN1", "GT1", "AL1", "DG1",
    ];

    public static string Get(ReadOnlySpan<char> id)
    {
        foreach (var known in Known)
        {
            if (id.SequenceEqual(known))
            {
                return known;
            }
        }

        return id.ToString();
    }
}
