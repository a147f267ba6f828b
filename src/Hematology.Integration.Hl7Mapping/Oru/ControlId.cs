using System.Globalization;

namespace Hematology.Integration.Hl7Mapping;

/// <summary>
/// Deterministic message control ids (MSH-10): derived from the source file's SHA-256 and the message's index in
/// that file, so a resend after a crash or retry carries the same id and the receiver can de-duplicate.
/// </summary>
public static class ControlId
{
    /// <summary>The longest control id HL7 v2.5.1 allows (MSH-10 is ST, length 20).</summary>
    public const int MaxLength = 20;

    /// <summary>The number of messages one file can produce (the index takes six digits).</summary>
    public const int MaxMessagesPerFile = 1_000_000;

    private const int HashCharacters = 14;

    /// <summary>
    /// Derives the control id of the <paramref name="messageIndex"/>-th message of a file: the first 14 hexadecimal
    /// characters of the file's SHA-256 (56 bits) followed by the index in six digits, 20 characters in all.
    /// </summary>
    /// <param name="fileSha">The SHA-256 of the source file.</param>
    /// <param name="messageIndex">The message's 0-based index within the file.</param>
    /// <returns>The control id, for example <c>9f86d081884c7d000003</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="messageIndex"/> is negative or not below <see cref="MaxMessagesPerFile"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="fileSha"/> is the default value.</exception>
    public static string FromContent(Sha256Digest fileSha, int messageIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(messageIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(messageIndex, MaxMessagesPerFile);
        if (fileSha.Hex is null)
        {
            throw new ArgumentException("The digest is empty.", nameof(fileSha));
        }

        return string.Create(MaxLength, (fileSha.Hex, messageIndex), static (span, state) =>
        {
            state.Hex.AsSpan(0, HashCharacters).CopyTo(span);
            state.messageIndex.TryFormat(span[HashCharacters..], out _, "D6", CultureInfo.InvariantCulture);
        });
    }

    /// <summary>Gets whether a text can be sent as MSH-10: 1 to 20 printable ASCII characters that are not HL7 delimiters.</summary>
    /// <param name="controlId">The text.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValid(string? controlId)
    {
        if (string.IsNullOrEmpty(controlId) || controlId.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in controlId)
        {
            if (c <= ' ' || c >= 0x7F || Hl7Delimiters.Standard.IsDelimiter(c))
            {
                return false;
            }
        }

        return true;
    }
}
