namespace Hematology.Integration.Validation;

/// <summary>Why a file was decoded with the encoding it was.</summary>
public enum EncodingReason
{
    /// <summary>The profile names the encoding; nothing was detected.</summary>
    Profile = 0,

    /// <summary>A byte order mark (UTF-8, UTF-16 LE or UTF-16 BE) starts the file.</summary>
    ByteOrderMark,

    /// <summary>Without a byte order mark, every byte sequence is valid UTF-8 (plain ASCII included).</summary>
    ValidUtf8,

    /// <summary>Not valid UTF-8, and every byte is defined in Windows-1252.</summary>
    Windows1252,

    /// <summary>Not valid UTF-8, and some byte is undefined in Windows-1252, so ISO-8859-1 (Latin-1) is used.</summary>
    Latin1,
}

/// <summary>How a file's bytes were decoded and why: part of the validation result, for the audit trail.</summary>
/// <param name="Name">The encoding's web name, for example <c>utf-8</c> or <c>windows-1252</c>.</param>
/// <param name="Reason">Why this encoding was chosen.</param>
/// <param name="Detail">A short explanation, for example where the first byte that is not UTF-8 is.</param>
public sealed record EncodingDecision(string Name, EncodingReason Reason, string Detail)
{
    /// <summary>Gets a value indicating whether the decision was made from a prefix of a stream that cannot seek (the rest is checked while reading).</summary>
    public bool FromPrefix { get; init; }
}
