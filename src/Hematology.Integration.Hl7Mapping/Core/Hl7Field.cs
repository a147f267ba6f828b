namespace Hematology.Integration.Hl7Mapping;

/// <summary>
/// A field, repetition, component or sub-component of a parsed message: a slice of the message text that is
/// split and unescaped only when asked.
/// </summary>
public readonly struct Hl7Field : IEquatable<Hl7Field>
{
    private readonly Hl7Delimiters _delimiters;
    private readonly bool _literal;

    internal Hl7Field(ReadOnlyMemory<char> raw, Hl7Delimiters delimiters, bool literal)
    {
        Raw = raw;
        _delimiters = delimiters;
        _literal = literal;
    }

    /// <summary>Gets the text as written in the message (still escaped).</summary>
    public ReadOnlyMemory<char> Raw { get; }

    /// <summary>Gets whether the value is empty (absent or not valued).</summary>
    public bool IsEmpty => Raw.IsEmpty;

    /// <summary>Gets whether the value is the HL7 explicit null <c>""</c> (delete the receiver's value).</summary>
    public bool IsNull => Raw.Span.SequenceEqual("\"\"");

    /// <summary>Gets the unescaped value.</summary>
    public string Value => _literal ? Raw.ToString() : Hl7Escaping.Unescape(Raw.Span, Delimiters);

    /// <summary>Gets the number of repetitions (at least 1).</summary>
    public int RepetitionCount => _literal ? 1 : Raw.Span.Count(Delimiters.Repetition) + 1;

    /// <summary>Gets the number of components of the first repetition (at least 1).</summary>
    public int ComponentCount => _literal ? 1 : FirstOf(Raw, Delimiters.Repetition).Span.Count(Delimiters.Component) + 1;

    private Hl7Delimiters Delimiters => _delimiters == default ? Hl7Delimiters.Standard : _delimiters;

    /// <summary>Gets a repetition (1-based).</summary>
    /// <param name="number">The repetition number.</param>
    /// <returns>The repetition; empty when absent.</returns>
    public Hl7Field GetRepetition(int number) => _literal ? this : Split(Delimiters.Repetition, number, Raw);

    /// <summary>Gets a component (1-based) of the first repetition.</summary>
    /// <param name="number">The component number.</param>
    /// <returns>The component; empty when absent.</returns>
    public Hl7Field GetComponent(int number)
        => _literal ? (number == 1 ? this : Empty()) : Split(Delimiters.Component, number, FirstOf(Raw, Delimiters.Repetition));

    /// <summary>Gets a sub-component (1-based) of the first component of the first repetition.</summary>
    /// <param name="number">The sub-component number.</param>
    /// <returns>The sub-component; empty when absent.</returns>
    public Hl7Field GetSubComponent(int number)
        => _literal ? (number == 1 ? this : Empty())
            : Split(Delimiters.SubComponent, number, FirstOf(FirstOf(Raw, Delimiters.Repetition), Delimiters.Component));

    /// <inheritdoc />
    public bool Equals(Hl7Field other) => Raw.Span.SequenceEqual(other.Raw.Span) && Delimiters == other.Delimiters;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Hl7Field other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => string.GetHashCode(Raw.Span, StringComparison.Ordinal);

    /// <summary>Returns the unescaped value.</summary>
    /// <returns>The value.</returns>
    public override string ToString() => Value;

    /// <summary>Compares two values by their text.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(Hl7Field left, Hl7Field right) => left.Equals(right);

    /// <summary>Compares two values by their text.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns><see langword="true"/> when different.</returns>
    public static bool operator !=(Hl7Field left, Hl7Field right) => !left.Equals(right);

    private static ReadOnlyMemory<char> FirstOf(ReadOnlyMemory<char> raw, char separator)
    {
        var at = raw.Span.IndexOf(separator);
        return at < 0 ? raw : raw[..at];
    }

    private Hl7Field Empty() => new(ReadOnlyMemory<char>.Empty, Delimiters, literal: false);

    private Hl7Field Split(char separator, int number, ReadOnlyMemory<char> raw)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        var span = raw.Span;
        var start = 0;
        for (var n = 1; ; n++)
        {
            var at = span[start..].IndexOf(separator);
            var length = at < 0 ? span.Length - start : at;
            if (n == number)
            {
                return new Hl7Field(raw.Slice(start, length), Delimiters, literal: false);
            }

            if (at < 0)
            {
                return Empty();
            }

            start += at + 1;
        }
    }
}
