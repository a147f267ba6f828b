using System.Globalization;

namespace Hematology.Integration;

/// <summary>What kind of value a result carries.</summary>
public enum ResultValueKind
{
    /// <summary>A plain number (HL7 NM).</summary>
    Numeric = 0,

    /// <summary>A value beyond the instrument's measuring range, such as <c>&gt;1000</c> (HL7 SN).</summary>
    OffScale,

    /// <summary>A textual result (HL7 ST), used only where a profile allows it.</summary>
    Text,

    /// <summary>No value was produced: the analyzer wrote a sentinel such as <c>----</c> or <c>*****</c> (OBX-11 = X).</summary>
    NotReported,
}

/// <summary>The comparator of an off-scale value.</summary>
public enum Comparator
{
    /// <summary><c>&gt;</c></summary>
    GreaterThan = 0,

    /// <summary><c>&gt;=</c></summary>
    GreaterThanOrEqual,

    /// <summary><c>&lt;</c></summary>
    LessThan,

    /// <summary><c>&lt;=</c></summary>
    LessThanOrEqual,
}

/// <summary>
/// A result's value: a number with the analyzer's precision kept (<c>4.50</c> stays <c>4.50</c>), an off-scale
/// value, a text, or the statement that no value was produced.
/// </summary>
public sealed record ResultValue
{
    private ResultValue(ResultValueKind kind, decimal? number, Comparator? comparator, string? text)
    {
        Kind = kind;
        Number = number;
        Comparator = comparator;
        Text = text;
    }

    /// <summary>Gets what kind of value this is.</summary>
    public ResultValueKind Kind { get; }

    /// <summary>Gets the number (the value, or the limit of an off-scale value); <see langword="null"/> for text and not-reported values.</summary>
    public decimal? Number { get; }

    /// <summary>Gets the comparator of an off-scale value.</summary>
    public Comparator? Comparator { get; }

    /// <summary>Gets the text of a textual value, or the analyzer's sentinel for a not-reported value.</summary>
    public string? Text { get; }

    /// <summary>Creates a numeric value. The decimal's scale is the precision written out (<c>4.50m</c> → <c>4.50</c>).</summary>
    /// <param name="value">The number.</param>
    /// <returns>The value.</returns>
    public static ResultValue Numeric(decimal value) => new(ResultValueKind.Numeric, value, null, null);

    /// <summary>Creates an off-scale value such as <c>&gt;1000</c>.</summary>
    /// <param name="comparator">The comparator.</param>
    /// <param name="limit">The measuring-range limit that was exceeded.</param>
    /// <returns>The value.</returns>
    public static ResultValue OffScale(Comparator comparator, decimal limit) => new(ResultValueKind.OffScale, limit, comparator, null);

    /// <summary>Creates a textual value.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The value.</returns>
    public static ResultValue FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(ResultValueKind.Text, null, null, text);
    }

    /// <summary>Creates a not-reported value.</summary>
    /// <param name="sentinel">What the analyzer wrote instead of a value (for example <c>----</c>), kept for the audit trail.</param>
    /// <returns>The value.</returns>
    public static ResultValue NotReported(string sentinel)
    {
        ArgumentNullException.ThrowIfNull(sentinel);
        return new(ResultValueKind.NotReported, null, null, sentinel);
    }

    /// <summary>Writes the comparator as HL7 writes it in an SN value (<c>&gt;</c>, <c>&gt;=</c>, <c>&lt;</c>, <c>&lt;=</c>).</summary>
    /// <param name="comparator">The comparator.</param>
    /// <returns>The comparator's symbol.</returns>
    public static string Symbol(Comparator comparator) => comparator switch
    {
        Integration.Comparator.GreaterThan => ">",
        Integration.Comparator.GreaterThanOrEqual => ">=",
        Integration.Comparator.LessThan => "<",
        Integration.Comparator.LessThanOrEqual => "<=",
        _ => throw new ArgumentOutOfRangeException(nameof(comparator), comparator, "Unknown comparator."),
    };

    /// <summary>Writes the value as an analyzer would (<c>4.50</c>, <c>&gt;1000</c>, the text, or the sentinel).</summary>
    /// <returns>The value's text, with a decimal point.</returns>
    public override string ToString() => Kind switch
    {
        ResultValueKind.Numeric => Number!.Value.ToString(CultureInfo.InvariantCulture),
        ResultValueKind.OffScale => Symbol(Comparator!.Value) + Number!.Value.ToString(CultureInfo.InvariantCulture),
        _ => Text ?? string.Empty,
    };
}
