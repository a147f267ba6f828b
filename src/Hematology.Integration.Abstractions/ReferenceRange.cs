using System.Globalization;

namespace Hematology.Integration;

/// <summary>A reference interval in the result's units; either bound may be open.</summary>
/// <param name="Low">The lower limit, or <see langword="null"/> when there is none.</param>
/// <param name="High">The upper limit, or <see langword="null"/> when there is none.</param>
public sealed record ReferenceRange(decimal? Low, decimal? High)
{
    /// <summary>Writes the range as HL7 OBX-7 expects: <c>4.50-11.00</c>, <c>&gt;4.5</c> or <c>&lt;11.0</c>; empty when both bounds are open.</summary>
    /// <returns>The range's text, with decimal points.</returns>
    public override string ToString() => (Low, High) switch
    {
        ({ } low, { } high) => Format(low) + "-" + Format(high),
        ({ } low, null) => ">" + Format(low),
        (null, { } high) => "<" + Format(high),
        _ => string.Empty,
    };

    private static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
