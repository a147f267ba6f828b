namespace Hematology.Integration.Hl7Mapping;

/// <summary>One segment of a parsed <see cref="Hl7Message"/>; a light view over the message's text.</summary>
public readonly struct Hl7Segment : IEquatable<Hl7Segment>
{
    private readonly Hl7Message? _message;
    private readonly int _index;

    internal Hl7Segment(Hl7Message message, int index)
    {
        _message = message;
        _index = index;
    }

    /// <summary>Gets the segment's 0-based index in the message.</summary>
    public int Index => _index;

    /// <summary>Gets the segment id, for example <c>OBX</c>.</summary>
    public string Id => _message?.SegmentId(_index) ?? string.Empty;

    /// <summary>Gets the highest field number present (MSH counts MSH-1, the field separator).</summary>
    public int FieldCount
    {
        get
        {
            if (_message is null)
            {
                return 0;
            }

            var parts = _message.PartCount(_index);
            return IsMsh ? parts : parts - 1;
        }
    }

    /// <summary>Gets the segment's text as written (without terminator).</summary>
    public ReadOnlyMemory<char> Raw => _message?.SegmentText(_index) ?? ReadOnlyMemory<char>.Empty;

    private bool IsMsh => _index == 0 && _message is not null;

    private Hl7Delimiters Delimiters => _message?.Delimiters ?? Hl7Delimiters.Standard;

    /// <summary>Gets a field by number (1-based; in MSH, field 1 is the field separator and field 2 the encoding characters).</summary>
    /// <param name="number">The field number.</param>
    /// <returns>The field; empty when absent.</returns>
    public Hl7Field GetField(int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        if (_message is null)
        {
            return default;
        }

        if (IsMsh)
        {
            if (number == 1)
            {
                var raw = _message.SegmentText(_index).Slice(3, 1);
                return new Hl7Field(raw, Delimiters, literal: true);
            }

            return new Hl7Field(_message.Part(_index, number - 1), Delimiters, literal: number == 2);
        }

        return new Hl7Field(_message.Part(_index, number), Delimiters, literal: false);
    }

    /// <summary>Gets the unescaped value of a field, component or sub-component.</summary>
    /// <param name="field">The field number.</param>
    /// <param name="component">The component (1-based), or 0 for the whole field.</param>
    /// <param name="subComponent">The sub-component (1-based), or 0 for the whole component.</param>
    /// <param name="repetition">The repetition (1-based), or 0 for the whole field (or its first repetition when a component is named).</param>
    /// <returns>The value; empty when absent.</returns>
    public string GetValue(int field, int component = 0, int subComponent = 0, int repetition = 0)
    {
        var f = GetField(field);
        if (repetition > 0)
        {
            f = f.GetRepetition(repetition);
        }

        if (component > 0)
        {
            f = f.GetComponent(component);
            if (subComponent > 0)
            {
                f = f.GetSubComponent(subComponent);
            }
        }

        return f.Value;
    }

    /// <inheritdoc />
    public bool Equals(Hl7Segment other) => ReferenceEquals(_message, other._message) && _index == other._index;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Hl7Segment other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_message, _index);

    /// <summary>Returns the segment's text as written.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Raw.ToString();

    /// <summary>Compares two segment views.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns><see langword="true"/> when both view the same segment of the same message.</returns>
    public static bool operator ==(Hl7Segment left, Hl7Segment right) => left.Equals(right);

    /// <summary>Compares two segment views.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns><see langword="true"/> when they view different segments.</returns>
    public static bool operator !=(Hl7Segment left, Hl7Segment right) => !left.Equals(right);
}
