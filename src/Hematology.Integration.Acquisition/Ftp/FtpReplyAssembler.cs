namespace Hematology.Integration.Acquisition;

/// <summary>
/// Assembles reply lines into complete replies (RFC 959 §4.2): a line "ddd text" is a whole reply; "ddd-text" opens a
/// multi-line reply that ends with a line starting "ddd " with the same code. Lines in between may hold anything,
/// including other digits (pure-ftpd and IIS indent them, some servers repeat "ddd-").
/// </summary>
internal sealed class FtpReplyAssembler
{
    private readonly List<string> _lines = [];
    private int _code = -1;

    /// <summary>Adds a line; returns the reply when the line completes one.</summary>
    /// <param name="line">The line without its terminator.</param>
    /// <returns>The completed reply, or <see langword="null"/> when more lines are needed.</returns>
    /// <exception cref="FtpException">The first line of a reply does not start with a reply code.</exception>
    public FtpReply? Add(string line)
    {
        if (_code < 0)
        {
            if (!FtpReply.TryParseStart(line, out var code, out var continues))
            {
                throw new FtpException(FtpErrorKind.Protocol, "The server sent a line that is not an FTP reply.", command: null, replyCode: null, replyText: Truncate(line));
            }

            if (!continues)
            {
                return new FtpReply(code, [line]);
            }

            _code = code;
            _lines.Add(line);
            return null;
        }

        _lines.Add(line);
        if (FtpReply.TryParseStart(line, out var endCode, out var more) && endCode == _code && !more)
        {
            var reply = new FtpReply(_code, _lines.ToArray());
            _lines.Clear();
            _code = -1;
            return reply;
        }

        return null;
    }

    private static string Truncate(string line) => line.Length <= 80 ? line : line[..80];
}
