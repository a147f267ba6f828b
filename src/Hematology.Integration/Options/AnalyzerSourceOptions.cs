using Hematology.Integration.Acquisition;

namespace Hematology.Integration;

/// <summary>What kind of source an analyzer's exports come from.</summary>
public enum AnalyzerSourceKind
{
    /// <summary>A local or mounted (SMB) drop folder.</summary>
    LocalFolder,

    /// <summary>An FTP or FTPS server (often embedded in the analyzer).</summary>
    Ftp,
}

/// <summary>
/// Where an analyzer's exports are taken from. For <see cref="AnalyzerSourceKind.LocalFolder"/> set
/// <see cref="Path"/>; for <see cref="AnalyzerSourceKind.Ftp"/> set <see cref="Host"/> and the credentials (from a
/// configuration provider such as environment variables or user secrets, never a committed file). The password is
/// never logged.
/// </summary>
public sealed class AnalyzerSourceOptions
{
    /// <summary>Gets or sets the kind of source.</summary>
    /// <value>The default is <see cref="AnalyzerSourceKind.LocalFolder"/>.</value>
    public AnalyzerSourceKind Kind { get; set; } = AnalyzerSourceKind.LocalFolder;

    /// <summary>Gets or sets the drop folder (local folder sources).</summary>
    /// <value>The default is <see langword="null"/> (required for a local folder).</value>
    public string? Path { get; set; }

    /// <summary>Gets or sets the FTP server's host name or address.</summary>
    /// <value>The default is <see langword="null"/> (required for FTP).</value>
    public string? Host { get; set; }

    /// <summary>Gets or sets the FTP control port.</summary>
    /// <value>The default is 21 (990 is usual for implicit FTPS).</value>
    public int Port { get; set; } = HematologyDefaults.FtpPort;

    /// <summary>Gets or sets the FTP user name.</summary>
    /// <value>The default is <see langword="null"/> (anonymous).</value>
    public string? User { get; set; }

    /// <summary>Gets or sets the FTP password. Never logged.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Password { get; set; }

    /// <summary>Gets or sets the FTP TLS mode (explicit <c>AUTH TLS</c> or implicit FTPS).</summary>
    /// <value>The default is <see cref="FtpTlsMode.None"/>.</value>
    public FtpTlsMode Tls { get; set; } = FtpTlsMode.None;

    /// <summary>Gets or sets the SHA-256 thumbprint (hex) of a self-signed analyzer certificate to accept instead of system trust.</summary>
    /// <value>The default is <see langword="null"/> (system trust).</value>
    public string? PinnedCertificateSha256 { get; set; }

    /// <summary>Gets or sets the name expected in the server certificate, when it differs from <see cref="Host"/>.</summary>
    /// <value>The default is <see langword="null"/> (the host name).</value>
    public string? TlsServerName { get; set; }

    /// <summary>Gets or sets the remote folder the analyzer writes its exports to.</summary>
    /// <value>The default is <c>/</c>.</value>
    public string RemoteDirectory { get; set; } = HematologyDefaults.RemoteDirectory;

    /// <summary>Gets or sets the folder (relative to the drop folder) a file is moved to while it is taken, so it is never taken twice.</summary>
    /// <value>The default is <c>processing</c>.</value>
    public string ProcessingFolder { get; set; } = HematologyDefaults.ProcessingFolder;

    /// <summary>
    /// Gets or sets whether FTP commands that need not wait for each other go out in one write (a rename's RNFR and
    /// RNTO, the claim with the download's EPSV, the re-check's SIZE with the download, a batch's DELEs): two round
    /// trips per claimed file (plus one per batch) instead of six. Checked against vsftpd, pure-ftpd, pyftpdlib and ftp-srv; leave it off
    /// for a server you have not tried.
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool PipelineCommands { get; set; }

    /// <summary>Gets or sets what happens to the source copy once the local copy is durable: delete or archive.</summary>
    /// <value>The default is <see cref="AfterDownloadAction.Delete"/>.</value>
    public AfterDownloadAction AfterDownload { get; set; } = AfterDownloadAction.Delete;

    /// <summary>Gets or sets the folder (relative to the drop folder) archived files are moved to.</summary>
    /// <value>The default is <c>archive</c>.</value>
    public string ArchiveFolder { get; set; } = HematologyDefaults.ArchiveFolder;

    /// <summary>Gets or sets the file name pattern (<c>*</c> and <c>?</c>) of the exports to take.</summary>
    /// <value>The default is <c>*</c>.</value>
    public string FilePattern { get; set; } = HematologyDefaults.FilePattern;

    /// <summary>Gets or sets the largest file accepted; a larger one is reported and left at the source.</summary>
    /// <value>The default is 64 MiB.</value>
    public long MaxFileBytes { get; set; } = HematologyDefaults.MaxFileBytes;

    /// <summary>Gets or sets how many sessions may be open to the FTP server at once (embedded servers allow one or two).</summary>
    /// <value>The default is 1.</value>
    public int MaxConnections { get; set; } = HematologyDefaults.MaxConnections;

    /// <summary>Gets or sets the FTP connect timeout.</summary>
    /// <value>The default is 15 seconds.</value>
    public TimeSpan ConnectTimeout { get; set; } = HematologyDefaults.FtpConnectTimeout;

    /// <summary>Gets or sets the FTP command timeout.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan CommandTimeout { get; set; } = HematologyDefaults.FtpCommandTimeout;

    /// <summary>Returns a description without credentials, safe for logs.</summary>
    /// <returns>The source kind and location.</returns>
    public override string ToString() => Kind == AnalyzerSourceKind.Ftp
        ? $"ftp{(Tls == FtpTlsMode.None ? string.Empty : "s")}://{Host}:{Port}{RemoteDirectory}"
        : $"folder {Path}";
}
