using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Unicode;

namespace Hematology.Integration.Hl7Mapping;

/// <summary>
/// Writes an HL7 v2 message as UTF-8 straight into an <see cref="IBufferWriter{T}"/>, escaping every value, so
/// building a message allocates nothing beyond the output buffer. Bytes reach the output at <see cref="EndSegment"/> or <see cref="Flush"/>. Positions are absolute: <see cref="Field"/>,
/// <see cref="Component"/> and <see cref="SubComponent"/> write the separators needed to reach the number given.
/// </summary>
/// <example>
/// <code>
/// var writer = new Hl7Writer(buffer);
/// writer.StartSegment("PID");
/// writer.Field(3); writer.Write(patientId); writer.Component(5); writer.WriteRaw("MR");
/// writer.EndSegment();
/// </code>
/// </example>
public ref struct Hl7Writer
{
    private readonly IBufferWriter<byte> _output;
    private readonly SearchValues<char> _special;
    private int _field;
    private int _component;
    private int _subComponent;
    private const int ChunkSize = 2048;
    private const int ShortText = 64;
    private readonly ulong _specialLow;
    private readonly ulong _specialHigh;
    private Span<byte> _span;
    private int _position;
    private bool _open;
    private bool _hasTimestamp;
    private DateTimeOffset _lastTimestamp;
    private TimestampBytes _timestamp;
    private bool _hasPreviousTimestamp;
    private DateTimeOffset _previousTimestamp;
    private TimestampBytes _previous;

    /// <summary>Creates a writer with the standard delimiters.</summary>
    /// <param name="output">The destination.</param>
    public Hl7Writer(IBufferWriter<byte> output)
        : this(output, Hl7Delimiters.Standard)
    {
    }

    /// <summary>Creates a writer.</summary>
    /// <param name="output">The destination.</param>
    /// <param name="delimiters">The delimiters to write with.</param>
    public Hl7Writer(IBufferWriter<byte> output, Hl7Delimiters delimiters)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!delimiters.IsValid)
        {
            throw new ArgumentException("The delimiters must be five distinct printable characters that are not letters, digits or white space.", nameof(delimiters));
        }

        _output = output;
        Delimiters = delimiters;
        _special = Hl7Escaping.SpecialCharacters(delimiters);
        _specialLow = 0xFFFFFFFFUL; // C0 control characters
        _specialHigh = 1UL << (0x7F - 64); // DEL
        foreach (var d in (ReadOnlySpan<char>)[delimiters.Field, delimiters.Component, delimiters.Repetition, delimiters.Escape, delimiters.SubComponent])
        {
            if (d < 64)
            {
                _specialLow |= 1UL << d;
            }
            else
            {
                _specialHigh |= 1UL << (d - 64);
            }
        }
        BytesWritten = 0;
    }

    /// <summary>Gets the delimiters.</summary>
    public Hl7Delimiters Delimiters { get; }

    /// <summary>Gets the number of bytes written so far.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Starts a segment (ending the open one). For <c>MSH</c> it also writes MSH-1 and MSH-2, so the next field is MSH-3.</summary>
    /// <param name="id">The segment id: three upper-case letters or digits, starting with a letter.</param>
    public void StartSegment(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length != 3 || !char.IsAsciiLetterUpper(id[0]) || !IsIdChar(id[1]) || !IsIdChar(id[2]))
        {
            throw new ArgumentException("A segment id is three upper-case letters or digits starting with a letter.", nameof(id));
        }

        if (_open)
        {
            EndSegment();
        }

        WriteAscii(id);
        _open = true;
        _component = 1;
        _subComponent = 1;
        if (string.Equals(id, "MSH", StringComparison.Ordinal))
        {
            Span<char> msh = [Delimiters.Field, Delimiters.Component, Delimiters.Repetition, Delimiters.Escape, Delimiters.SubComponent];
            WriteAscii(msh);
            _field = 2;
        }
        else
        {
            _field = 0;
        }
    }

    /// <summary>Moves to a field of the open segment, writing the field separators to reach it.</summary>
    /// <param name="number">The field number; larger than the current one.</param>
    public void Field(int number)
    {
        EnsureOpen();
        if (number <= _field)
        {
            throw new ArgumentOutOfRangeException(nameof(number), number, "Fields are written in increasing order.");
        }

        WriteRepeated(Delimiters.Field, number - _field);
        _field = number;
        _component = 1;
        _subComponent = 1;
    }

    /// <summary>Starts another repetition of the current field.</summary>
    public void Repetition()
    {
        EnsureInField();
        WriteRepeated(Delimiters.Repetition, 1);
        _component = 1;
        _subComponent = 1;
    }

    /// <summary>Moves to a component of the current field (repetition), writing the component separators to reach it.</summary>
    /// <param name="number">The component number; larger than the current one.</param>
    public void Component(int number)
    {
        EnsureInField();
        if (number <= _component)
        {
            throw new ArgumentOutOfRangeException(nameof(number), number, "Components are written in increasing order.");
        }

        WriteRepeated(Delimiters.Component, number - _component);
        _component = number;
        _subComponent = 1;
    }

    /// <summary>Moves to a sub-component of the current component, writing the sub-component separators to reach it.</summary>
    /// <param name="number">The sub-component number; larger than the current one.</param>
    public void SubComponent(int number)
    {
        EnsureInField();
        if (number <= _subComponent)
        {
            throw new ArgumentOutOfRangeException(nameof(number), number, "Sub-components are written in increasing order.");
        }

        WriteRepeated(Delimiters.SubComponent, number - _subComponent);
        _subComponent = number;
    }

    /// <summary>Writes data at the current position, escaped (delimiters, line breaks and control characters).</summary>
    /// <param name="value">The data.</param>
    public void Write(scoped ReadOnlySpan<char> value)
    {
        EnsureInField();
        if (value.Length <= ShortText)
        {
            // Short values (codes, numbers, names): one pass that copies plain ASCII and stops at anything else.
            var destination = Reserve(value.Length);
            var i = 0;
            for (; i < value.Length; i++)
            {
                var c = value[i];
                if (c >= 0x80 || IsSpecial(c))
                {
                    break;
                }

                destination[i] = (byte)c;
            }

            Advance(i);
            value = value[i..];
        }

        while (!value.IsEmpty)
        {
            var at = value.IndexOfAny(_special);
            if (at < 0)
            {
                WriteUtf8(value);
                return;
            }

            if (at > 0)
            {
                WriteUtf8(value[..at]);
            }

            var c = value[at];
            var code = Hl7Escaping.Code(c, Delimiters);
            if (code != '\0')
            {
                Span<char> seq = [Delimiters.Escape, code, Delimiters.Escape];
                WriteAscii(seq);
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && at + 1 < value.Length && value[at + 1] == '\n')
                {
                    at++;
                }

                Span<char> br = [Delimiters.Escape, '.', 'b', 'r', Delimiters.Escape];
                WriteAscii(br);
            }
            else
            {
                Span<char> hex = [Delimiters.Escape, 'X', Hl7Escaping.HexDigit(c >> 4), Hl7Escaping.HexDigit(c & 0xF), Delimiters.Escape];
                WriteAscii(hex);
            }

            value = value[(at + 1)..];
        }
    }

    /// <summary>Writes data at the current position, escaped; nothing for <see langword="null"/>.</summary>
    /// <param name="value">The data.</param>
    public void Write(string? value) => Write(value.AsSpan());

    /// <summary>Writes a number with a decimal point and its own scale (<c>4.50</c> stays <c>4.50</c>).</summary>
    /// <param name="value">The number.</param>
    public void Write(decimal value)
    {
        EnsureInField();
        var span = Reserve(32);
        Advance(FormatDecimal(value, span));
    }

    /// <summary>Writes an integer.</summary>
    /// <param name="value">The number.</param>
    public void Write(int value)
    {
        EnsureInField();
        var span = Reserve(11);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        Advance(written);
    }

    /// <summary>Writes a timestamp as HL7 TS/DTM to the second with its UTC offset: <c>YYYYMMDDHHMMSS+ZZZZ</c>.</summary>
    /// <param name="value">The time, written in its own offset.</param>
    public void WriteTimestamp(DateTimeOffset value)
    {
        EnsureInField();
        var span = Reserve(19);
        if (_hasTimestamp && value.EqualsExact(_lastTimestamp))
        {
            ((ReadOnlySpan<byte>)_timestamp).CopyTo(span);
            Advance(19);
            return;
        }

        if (_hasPreviousTimestamp && value.EqualsExact(_previousTimestamp))
        {
            ((ReadOnlySpan<byte>)_previous).CopyTo(span);
            Advance(19);
            (_lastTimestamp, _previousTimestamp) = (_previousTimestamp, _lastTimestamp);
            (_timestamp, _previous) = (_previous, _timestamp);
            return;
        }

        var local = value.DateTime;
        local.Deconstruct(out var date, out var time);
        Digits(span, date.Year, 4);
        Digits(span[4..], date.Month, 2);
        Digits(span[6..], date.Day, 2);
        Digits(span[8..], time.Hour, 2);
        Digits(span[10..], time.Minute, 2);
        Digits(span[12..], time.Second, 2);
        var offset = value.Offset;
        span[14] = offset < TimeSpan.Zero ? (byte)'-' : (byte)'+';
        var minutes = (int)Math.Abs(offset.TotalMinutes);
        Digits(span[15..], minutes / 60, 2);
        Digits(span[17..], minutes % 60, 2);
        if (_hasTimestamp)
        {
            _previous = _timestamp;
            _previousTimestamp = _lastTimestamp;
            _hasPreviousTimestamp = true;
        }

        span[..19].CopyTo(_timestamp);
        _lastTimestamp = value;
        _hasTimestamp = true;
        Advance(19);
    }

    /// <summary>Writes a date as HL7 DT: <c>YYYYMMDD</c>.</summary>
    /// <param name="value">The date.</param>
    public void WriteDate(DateOnly value)
    {
        EnsureInField();
        var span = Reserve(8);
        Digits(span, value.Year, 4);
        Digits(span[4..], value.Month, 2);
        Digits(span[6..], value.Day, 2);
        Advance(8);
    }

    /// <summary>
    /// Writes text without escaping, for values the caller has already escaped or knows to hold no delimiter (codes
    /// such as <c>ORU^R01^ORU_R01</c> that deliberately carry component separators).
    /// </summary>
    /// <param name="value">The text; it must not contain CR or LF.</param>
    public void WriteRaw(scoped ReadOnlySpan<char> value)
    {
        EnsureInField();
        var destination = Reserve(value.Length);
        var i = 0;
        for (; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= 0x80 || c == '\r' || c == '\n')
            {
                break;
            }

            destination[i] = (byte)c;
        }

        Advance(i);
        if (i == value.Length)
        {
            return;
        }

        if (value[i..].IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("Raw text must not contain a segment terminator.", nameof(value));
        }

        WriteUtf8(value[i..]);
    }

    /// <summary>
    /// Copies bytes that a writer with the same delimiters already encoded and escaped (a cached field), leaving the
    /// position at <paramref name="component"/> of the current field.
    /// </summary>
    /// <param name="encoded">The encoded bytes.</param>
    /// <param name="component">The component the bytes end in.</param>
    internal void WriteEncoded(scoped ReadOnlySpan<byte> encoded, int component)
    {
        EnsureInField();
        var span = Reserve(encoded.Length);
        encoded.CopyTo(span);
        Advance(encoded.Length);
        _component = component;
        _subComponent = 1;
    }

    /// <summary>Ends the open segment with a CR and hands everything written so far to the output.</summary>
    public void EndSegment()
    {
        EnsureOpen();
        var span = Reserve(1);
        span[0] = (byte)'\r';
        Advance(1);
        _open = false;
        Flush();
    }

    /// <summary>
    /// Hands the bytes written so far to the output (<see cref="IBufferWriter{T}.Advance"/>). The writer buffers in
    /// the output's own memory and commits at <see cref="EndSegment"/> and here; call it before using the output
    /// when a segment is left open.
    /// </summary>
    public void Flush()
    {
        if (_position > 0)
        {
            _output.Advance(_position);
        }

        _span = default;
        _position = 0;
    }

    private static bool IsIdChar(char c) => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c);

    private static void Digits(Span<byte> destination, int value, int count)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    private readonly void EnsureOpen()
    {
        if (!_open)
        {
            throw new InvalidOperationException("Start a segment first.");
        }
    }

    private readonly void EnsureInField()
    {
        EnsureOpen();
        if (_field == 0)
        {
            throw new InvalidOperationException("Move to a field first.");
        }
    }

    private void WriteRepeated(char c, int count)
    {
        var span = Reserve(count);
        if (count == 1)
        {
            span[0] = (byte)c;
        }
        else
        {
            span[..count].Fill((byte)c);
        }

        Advance(count);
    }

    private readonly bool IsSpecial(char c)
        => c < 64 ? ((_specialLow >> c) & 1) != 0 : ((_specialHigh >> (c - 64)) & 1) != 0;

    private void WriteAscii(scoped ReadOnlySpan<char> text)
    {
        var span = Reserve(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            span[i] = (byte)text[i];
        }

        Advance(text.Length);
    }

    private void WriteUtf8(scoped ReadOnlySpan<char> text)
    {
        var span = Reserve(text.Length * 3);
        Utf8.FromUtf16(text, span, out _, out var written);
        Advance(written);
    }

    internal static int FormatDecimal(decimal value, Span<byte> destination)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        if (bits[2] != 0)
        {
            value.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture);
            return written;
        }

        var mantissa = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        var scale = (bits[3] >> 16) & 0xFF;
        var negative = bits[3] < 0 && mantissa != 0;

        // Digits least significant first, padded with zeros so there is one before the decimal point.
        Span<byte> digits = stackalloc byte[32];
        var n = 0;
        do
        {
            digits[n++] = (byte)('0' + (int)(mantissa % 10));
            mantissa /= 10;
        }
        while (mantissa != 0);

        while (n < scale + 1)
        {
            digits[n++] = (byte)'0';
        }

        var w = 0;
        if (negative)
        {
            destination[w++] = (byte)'-';
        }

        for (var i = n - 1; i >= 0; i--)
        {
            destination[w++] = digits[i];
            if (i == scale && scale > 0)
            {
                destination[w++] = (byte)'.';
            }
        }

        return w;
    }

    private Span<byte> Reserve(int count)
    {
        if (_span.Length - _position < count)
        {
            Flush();
            _span = _output.GetSpan(Math.Max(count, ChunkSize));
        }

        return _span[_position..];
    }

    private void Advance(int count)
    {
        _position += count;
        BytesWritten += count;
    }
}

[InlineArray(19)]
internal struct TimestampBytes
{
    private byte _element;
}
