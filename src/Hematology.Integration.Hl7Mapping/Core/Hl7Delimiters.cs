namespace Hematology.Integration.Hl7Mapping;

/// <summary>
/// The five delimiters of an HL7 v2 message: the field separator (MSH-1) and the encoding characters (MSH-2:
/// component, repetition, escape, sub-component).
/// </summary>
/// <param name="Field">The field separator, normally <c>|</c>.</param>
/// <param name="Component">The component separator, normally <c>^</c>.</param>
/// <param name="Repetition">The repetition separator, normally <c>~</c>.</param>
/// <param name="Escape">The escape character, normally <c>\</c>.</param>
/// <param name="SubComponent">The sub-component separator, normally <c>&amp;</c>.</param>
public readonly record struct Hl7Delimiters(char Field, char Component, char Repetition, char Escape, char SubComponent)
{
    /// <summary>Gets the standard delimiters <c>|^~\&amp;</c>.</summary>
    public static Hl7Delimiters Standard { get; } = new('|', '^', '~', '\\', '&');

    /// <summary>Gets the encoding characters as MSH-2 writes them, for example <c>^~\&amp;</c>.</summary>
    public string EncodingCharacters => new([Component, Repetition, Escape, SubComponent]);

    /// <summary>Gets whether the five characters are distinct, printable and not letters, digits or white space.</summary>
    public bool IsValid
    {
        get
        {
            ReadOnlySpan<char> all = [Field, Component, Repetition, Escape, SubComponent];
            for (var i = 0; i < all.Length; i++)
            {
                if (!IsUsable(all[i]))
                {
                    return false;
                }

                for (var j = i + 1; j < all.Length; j++)
                {
                    if (all[i] == all[j])
                    {
                        return false;
                    }
                }
            }

            return true;
        }
    }

    /// <summary>Gets whether <paramref name="c"/> is one of the five delimiters.</summary>
    /// <param name="c">The character.</param>
    /// <returns><see langword="true"/> when it is a delimiter.</returns>
    public bool IsDelimiter(char c) => c == Field || c == Component || c == Repetition || c == Escape || c == SubComponent;

    /// <inheritdoc />
    public override string ToString() => Field + EncodingCharacters;

    internal static bool IsUsable(char c) => c > ' ' && c < 0x7F && !char.IsAsciiLetterOrDigit(c);
}
