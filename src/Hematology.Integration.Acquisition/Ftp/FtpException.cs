namespace Hematology.Integration.Acquisition;

/// <summary>
/// An FTP operation failed. Carries the command that failed (a password is never included: <c>PASS ****</c>), the
/// server's reply code and text when there was a reply, and what kind of failure it was.
/// </summary>
public sealed class FtpException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FtpException()
        : this("The FTP operation failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public FtpException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public FtpException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with every detail.</summary>
    /// <param name="kind">What kind of failure.</param>
    /// <param name="message">What failed, without secrets.</param>
    /// <param name="command">The command that failed (a password masked), or <see langword="null"/>.</param>
    /// <param name="replyCode">The server's reply code, or <see langword="null"/> when there was no reply.</param>
    /// <param name="replyText">The server's reply text, or <see langword="null"/>.</param>
    /// <param name="innerException">The cause, or <see langword="null"/>.</param>
    public FtpException(FtpErrorKind kind, string message, string? command, int? replyCode, string? replyText, Exception? innerException = null)
        : base(Describe(message, command, replyCode, replyText), innerException)
    {
        Kind = kind;
        Command = command;
        ReplyCode = replyCode;
        ReplyText = replyText;
    }

    /// <summary>Gets what kind of failure this is.</summary>
    public FtpErrorKind Kind { get; } = FtpErrorKind.Connection;

    /// <summary>Gets the command that failed, for example <c>RETR run1.csv</c> (<c>PASS ****</c> for the password).</summary>
    public string? Command { get; }

    /// <summary>Gets the server's reply code (for example 550), or <see langword="null"/> when the server did not reply.</summary>
    public int? ReplyCode { get; }

    /// <summary>Gets the server's reply text, or <see langword="null"/>.</summary>
    public string? ReplyText { get; }

    /// <summary>Gets whether the failure is likely temporary (a 4xx reply, a timeout or a lost connection): try again later.</summary>
    public bool IsTransient => Kind is FtpErrorKind.Timeout or FtpErrorKind.Connection || ReplyCode is >= 400 and < 500;

    private static string Describe(string message, string? command, int? replyCode, string? replyText)
    {
        var text = message;
        if (command is not null)
        {
            text += $" Command: {command}.";
        }

        if (replyCode is not null)
        {
            text += $" Reply: {replyCode} {replyText}";
        }
        else if (replyText is not null)
        {
            text += $" Received: {replyText}";
        }

        return text;
    }
}
