using System.Diagnostics.CodeAnalysis;

namespace Hematology.Integration;

/// <summary>Why a text is not a usable LOINC code.</summary>
public enum LoincCodeError
{
    /// <summary>The text is a valid LOINC code.</summary>
    None = 0,

    /// <summary>The text is not of the form <c>&lt;1–6 digits, no leading zero&gt;-&lt;check digit&gt;</c>.</summary>
    Malformed,

    /// <summary>The check digit does not match the Mod 10 (Luhn) digit computed from the number.</summary>
    CheckDigitMismatch,

    /// <summary>
    /// One of the 14 deprecated codes that LOINC itself lists as published with a check digit that fails the
    /// algorithm (LOINC Users' Guide §12 C). They are deprecated and never valid in new messages.
    /// </summary>
    KnownInvalidDeprecated,
}

/// <summary>
/// A LOINC code such as <c>718-7</c> whose Mod 10 check digit has been verified.
/// </summary>
/// <remarks>
/// A passing check digit proves only that the code is well formed, not that it exists or means what a profile
/// claims; pair it with a curated catalog (the Hl7Mapping package ships one for CBC and differential parameters).
/// </remarks>
public readonly record struct LoincCode
{
    // LOINC Users' Guide §12 C: deprecated codes whose published check digit does not match the algorithm.
    private static readonly HashSet<string> KnownInvalid = new(StringComparer.Ordinal)
    {
        "11491-6", "11501-6", "5895-7", "5896-5", "5897-3", "5928-1", "6028-3",
        "6415-5", "6580-7", "6645-7", "6646-5", "6647-3", "6648-1", "6649-9",
    };

    private LoincCode(string value) => Value = value;

    /// <summary>Gets the code's text, for example <c>6690-2</c>.</summary>
    public string Value { get; }

    /// <summary>Parses and verifies a LOINC code, throwing when it is not valid.</summary>
    /// <param name="value">The code's text.</param>
    /// <returns>The code.</returns>
    /// <exception cref="FormatException"><paramref name="value"/> is not a valid LOINC code; the message says why.</exception>
    public static LoincCode Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var error = Validate(value);
        return error == LoincCodeError.None
            ? new LoincCode(value)
            : throw new FormatException($"'{value}' is not a valid LOINC code: {Describe(error)}.");
    }

    /// <summary>Tries to parse and verify a LOINC code.</summary>
    /// <param name="value">The code's text.</param>
    /// <param name="code">The code, when valid.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is a valid LOINC code.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, out LoincCode code)
    {
        code = default;
        if (value is null || Validate(value) != LoincCodeError.None)
        {
            return false;
        }

        code = new LoincCode(value);
        return true;
    }

    /// <summary>Checks a LOINC code's form and check digit.</summary>
    /// <param name="value">The code's text.</param>
    /// <returns><see cref="LoincCodeError.None"/> when valid, otherwise the reason it is not.</returns>
    public static LoincCodeError Validate(ReadOnlySpan<char> value)
    {
        var dash = value.IndexOf('-');
        if (dash < 1 || dash > 6 || dash != value.Length - 2 || value[0] == '0')
        {
            return LoincCodeError.Malformed;
        }

        var number = value[..dash];
        foreach (var c in number)
        {
            if (!char.IsAsciiDigit(c))
            {
                return LoincCodeError.Malformed;
            }
        }

        var check = value[^1];
        if (!char.IsAsciiDigit(check))
        {
            return LoincCodeError.Malformed;
        }

        if (ComputeCheckDigit(number) != check - '0')
        {
            return KnownInvalid.Contains(value.ToString())
                ? LoincCodeError.KnownInvalidDeprecated
                : LoincCodeError.CheckDigitMismatch;
        }

        return LoincCodeError.None;
    }

    /// <summary>Computes the Mod 10 check digit of a LOINC number (the part before the dash).</summary>
    /// <param name="number">One or more ASCII digits.</param>
    /// <returns>The check digit, 0 to 9.</returns>
    /// <exception cref="ArgumentException"><paramref name="number"/> is empty or holds a non-digit.</exception>
    public static int ComputeCheckDigit(ReadOnlySpan<char> number)
    {
        if (number.IsEmpty)
        {
            throw new ArgumentException("A LOINC number has at least one digit.", nameof(number));
        }

        // The Users' Guide's "double the odd-position digits as one number" is the Luhn algorithm.
        var sum = 0;
        var position = 1;
        for (var i = number.Length - 1; i >= 0; i--, position++)
        {
            var c = number[i];
            if (!char.IsAsciiDigit(c))
            {
                throw new ArgumentException("A LOINC number holds only digits.", nameof(number));
            }

            var digit = c - '0';
            if (position % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
        }

        return (10 - (sum % 10)) % 10;
    }

    /// <summary>Describes a validation error in a short phrase.</summary>
    /// <param name="error">The error.</param>
    /// <returns>A phrase suitable for an error message.</returns>
    public static string Describe(LoincCodeError error) => error switch
    {
        LoincCodeError.None => "valid",
        LoincCodeError.Malformed => "expected 1 to 6 digits without a leading zero, a dash and a check digit",
        LoincCodeError.CheckDigitMismatch => "the Mod 10 check digit does not match",
        LoincCodeError.KnownInvalidDeprecated => "a deprecated code LOINC lists as published with an invalid check digit",
        _ => error.ToString(),
    };

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
