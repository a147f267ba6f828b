namespace Hematology.Integration.Acquisition;

/// <summary>What went wrong in an FTP operation.</summary>
public enum FtpErrorKind
{
    /// <summary>The server answered the command with an error reply (4xx or 5xx); see <see cref="FtpException.ReplyCode"/>.</summary>
    Reply,

    /// <summary>The server did not answer (or connect, or send data) within the operation's time limit.</summary>
    Timeout,

    /// <summary>The connection could not be opened or was lost (refused, reset, closed mid-reply or mid-transfer).</summary>
    Connection,

    /// <summary>The TLS handshake failed or the server's certificate was refused (not trusted, or not the pinned one).</summary>
    Tls,

    /// <summary>The server sent something that is not valid FTP (a malformed reply, an unreadable passive address).</summary>
    Protocol,

    /// <summary>The login was refused (wrong user or password, or the server's session limit reached).</summary>
    Login,
}
