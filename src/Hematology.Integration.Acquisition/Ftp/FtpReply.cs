using System.Globalization;

namespace Hematology.Integration.Acquisition;

/// <summary>One complete FTP reply: the three-digit code and its text (all lines of a multi-line reply).</summary>
/// <param name="Code">The reply code, for example 226.</param>
/// <param name="Lines">The reply's lines without the line terminators, the first one with its code.</param>
internal readonly record struct FtpReply(int Code, IReadOnlyList<string> Lines)
{
    /// <summary>Gets whether the reply is preliminary (1xx).</summary>
    public bool IsPreliminary => Code is >= 100 and < 200;

    /// <summary>Gets whether the reply is a completion (2xx).</summary>
    public bool IsSuccess => Code is >= 200 and < 300;

    /// <summary>Gets whether the reply asks for more (3xx).</summary>
    public bool IsIntermediate => Code is >= 300 and < 400;

    /// <summary>Gets the text of the first line after the code.</summary>
    public string Message => Lines.Count == 0 || Lines[0].Length <= 4 ? string.Empty : Lines[0][4..];

    /// <summary>Gets all lines joined with a newline, for error messages.</summary>
    public string Text => string.Join('\n', Lines);

    /// <summary>Tries to read a reply code at the start of a line ("ddd " or "ddd-").</summary>
    /// <param name="line">The line.</param>
    /// <param name="code">The code.</param>
    /// <param name="continues">Whether the line opens a multi-line reply ("ddd-").</param>
    /// <returns>Whether the line starts with a code.</returns>
    public static bool TryParseStart(string line, out int code, out bool continues)
    {
        code = 0;
        continues = false;
        if (line.Length < 3 || !char.IsAsciiDigit(line[0]) || !char.IsAsciiDigit(line[1]) || !char.IsAsciiDigit(line[2]))
        {
            return false;
        }

        if (line.Length > 3 && line[3] != ' ' && line[3] != '-')
        {
            return false;
        }

        code = int.Parse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture);
        continues = line.Length > 3 && line[3] == '-';
        return true;
    }
}
