using System.Diagnostics.CodeAnalysis;

namespace Hematology.Integration.Hl7Mapping;

/// <summary>An acknowledgment code (MSA-1, HL7 table 0008).</summary>
public enum AckCode
{
    /// <summary><c>AA</c>: application accept (original mode, or the enhanced-mode application ACK).</summary>
    ApplicationAccept = 0,

    /// <summary><c>AE</c>: application error: something in the content is wrong; fix it before resending.</summary>
    ApplicationError,

    /// <summary><c>AR</c>: application reject: MSH-9/11/12 not acceptable, or a receiver-side problem.</summary>
    ApplicationReject,

    /// <summary><c>CA</c>: commit accept (enhanced-mode accept ACK): the receiver has safely stored the message.</summary>
    CommitAccept,

    /// <summary><c>CE</c>: commit error (enhanced-mode accept ACK).</summary>
    CommitError,

    /// <summary><c>CR</c>: commit reject (enhanced-mode accept ACK).</summary>
    CommitReject,
}

/// <summary>Converts <see cref="AckCode"/> to and from its two-letter HL7 code.</summary>
public static class AckCodes
{
    /// <summary>Gets the HL7 code (<c>AA</c>, <c>AE</c>, <c>AR</c>, <c>CA</c>, <c>CE</c>, <c>CR</c>).</summary>
    /// <param name="code">The code.</param>
    /// <returns>The two letters.</returns>
    public static string ToHl7(this AckCode code) => code switch
    {
        AckCode.ApplicationAccept => "AA",
        AckCode.ApplicationError => "AE",
        AckCode.ApplicationReject => "AR",
        AckCode.CommitAccept => "CA",
        AckCode.CommitError => "CE",
        AckCode.CommitReject => "CR",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "Unknown acknowledgment code."),
    };

    /// <summary>Gets whether the code means the message was accepted (<c>AA</c> or <c>CA</c>).</summary>
    /// <param name="code">The code.</param>
    /// <returns><see langword="true"/> for AA and CA.</returns>
    public static bool IsAccept(this AckCode code) => code is AckCode.ApplicationAccept or AckCode.CommitAccept;

    /// <summary>Gets whether the code is a reject (<c>AR</c> or <c>CR</c>).</summary>
    /// <param name="code">The code.</param>
    /// <returns><see langword="true"/> for AR and CR.</returns>
    public static bool IsReject(this AckCode code) => code is AckCode.ApplicationReject or AckCode.CommitReject;

    /// <summary>Gets whether the code is an error (<c>AE</c> or <c>CE</c>).</summary>
    /// <param name="code">The code.</param>
    /// <returns><see langword="true"/> for AE and CE.</returns>
    public static bool IsError(this AckCode code) => code is AckCode.ApplicationError or AckCode.CommitError;

    /// <summary>Gets whether the code belongs to the enhanced-mode accept ACK (<c>CA</c>, <c>CE</c>, <c>CR</c>).</summary>
    /// <param name="code">The code.</param>
    /// <returns><see langword="true"/> for CA, CE and CR.</returns>
    public static bool IsCommit(this AckCode code) => code is AckCode.CommitAccept or AckCode.CommitError or AckCode.CommitReject;

    /// <summary>Parses a two-letter HL7 code (exact, upper case).</summary>
    /// <param name="text">The text.</param>
    /// <param name="code">The code, when known.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is one of the six codes.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out AckCode code)
    {
        code = default;
        if (text.Length != 2)
        {
            return false;
        }

        switch (text[0], text[1])
        {
            case ('A', 'A'): code = AckCode.ApplicationAccept; return true;
            case ('A', 'E'): code = AckCode.ApplicationError; return true;
            case ('A', 'R'): code = AckCode.ApplicationReject; return true;
            case ('C', 'A'): code = AckCode.CommitAccept; return true;
            case ('C', 'E'): code = AckCode.CommitError; return true;
            case ('C', 'R'): code = AckCode.CommitReject; return true;
            default: return false;
        }
    }

    /// <summary>Parses a two-letter HL7 code.</summary>
    /// <param name="text">The text.</param>
    /// <param name="code">The code, when known.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is one of the six codes.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out AckCode code)
    {
        code = default;
        return text is not null && TryParse(text.AsSpan(), out code);
    }
}
