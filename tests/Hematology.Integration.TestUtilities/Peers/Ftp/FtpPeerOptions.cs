namespace Hematology.Integration.Testing.Peers;

/// <summary>The real FTP servers a test can start.</summary>
public enum FtpPeerServer
{
    /// <summary>python3-pyftpdlib through <c>tests/peers/pyftpd_server.py</c> (the most configurable: DOS listing, refused commands, faults).</summary>
    Pyftpdlib,

    /// <summary>vsftpd 3.0.3 with the local account ftpuser (needs root); FTPS requires TLS session reuse by default.</summary>
    Vsftpd,

    /// <summary>pure-ftpd 1.0.50 (unpacked Debian build) with a PureDB virtual user (needs root).</summary>
    PureFtpd,

    /// <summary>ftp-srv 4.6.3 (npm) through <c>tests/peers/acq_ftpsrv_server.js</c>: with TLS it answers a transfer command only after the data handshake.</summary>
    FtpSrv,
}

/// <summary>How to start an FTP peer. Options a server does not support are refused when the peer starts.</summary>
public sealed record FtpPeerOptions
{
    /// <summary>Gets whether the server offers explicit FTPS (AUTH TLS) with a certificate generated at start; login and data then require TLS.</summary>
    public bool Tls { get; init; }

    /// <summary>Gets whether the server speaks implicit FTPS (TLS from the first byte; vsftpd only). Implies <see cref="Tls"/>.</summary>
    public bool ImplicitTls { get; init; }

    /// <summary>Gets whether vsftpd requires the data connection to resume the control connection's TLS session (its default).</summary>
    public bool RequireSslReuse { get; init; } = true;

    /// <summary>Gets the most simultaneous sessions the server accepts from 127.0.0.1 (null = the server's default).</summary>
    public int? MaxSessions { get; init; }

    /// <summary>Gets whether LIST prints Windows/IIS "MS-DOS" lines (pyftpdlib only).</summary>
    public bool DosListing { get; init; }

    /// <summary>Gets commands the server answers with 500, for example FEAT, MLSD and MLST (pyftpdlib only).</summary>
    public IReadOnlyList<string> DisabledCommands { get; init; } = [];

    /// <summary>Gets whether <c>OPTS UTF8 ON</c> is answered with 200 (pyftpdlib only; stock pyftpdlib answers 501).</summary>
    public bool AcceptOptsUtf8 { get; init; }

    /// <summary>Gets the number of bytes after which every RETR data connection is closed abruptly with a 426 reply (pyftpdlib only; 0 = never).</summary>
    public int DropDataAfterBytes { get; init; }

    /// <summary>Gets the data rate limit in bytes per second (plain pyftpdlib only; 0 = unlimited).</summary>
    public int WriteLimitBytesPerSecond { get; init; }

    /// <summary>Gets the address PASV replies report instead of the real one, for example a private address behind NAT (pyftpdlib only).</summary>
    public string? PassiveAddress { get; init; }

    /// <summary>Gets the code page of commands, replies and listings instead of UTF-8, for example <c>latin-1</c> (pyftpdlib only; combine with FEAT disabled so UTF8 is not announced).</summary>
    public string? Encoding { get; init; }
}
