using System.Runtime.CompilerServices;

namespace Hematology.Integration.Validation.Engine;

/// <summary>
/// Parses the common shape of a result value, digits with at most one decimal separator ("7.42", "212", "0,5"),
/// straight from its UTF-8 bytes. It gives exactly what <see cref="decimal.TryParse(ReadOnlySpan{byte}, System.Globalization.NumberStyles, IFormatProvider?, out decimal)"/>
/// gives for that shape (the same value and scale, so "88.0" keeps its trailing zero); anything else (a sign,
/// whitespace, more than 18 digits, a separator without a digit on each side) is left to the framework's parser.
/// </summary>
internal static class PlainDecimal
{
    private const int MaxDigits = 18;

    /// <summary>Parses <paramref name="bytes"/> when it has the plain shape.</summary>
    /// <param name="bytes">The cell's bytes.</param>
    /// <param name="separator">The profile's decimal separator ('.' or ',').</param>
    /// <param name="value">The value.</param>
    /// <returns><see langword="false"/> when the bytes are not of the plain shape (not necessarily invalid).</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<byte> bytes, byte separator, out decimal value)
    {
        value = 0m;
        if (bytes.IsEmpty || bytes.Length > MaxDigits + 1)
        {
            return false;
        }

        ulong mantissa = 0;
        var point = -1;
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            var digit = (uint)(b - (byte)'0');
            if (digit <= 9)
            {
                mantissa = (mantissa * 10) + digit;
            }
            else if (b == separator && point < 0 && i > 0 && i < bytes.Length - 1)
            {
                point = i;
            }
            else
            {
                return false;
            }
        }

        var scale = point < 0 ? 0 : bytes.Length - point - 1;
        if (point < 0 && bytes.Length > MaxDigits)
        {
            return false;
        }

        value = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, false, (byte)scale);
        return true;
    }
}
