namespace Hematology.Integration.Acquisition;

/// <summary>How to reach one analyzer's FTP/FTPS server and what to do with its files.</summary>
/// <remarks>The password is never logged and never part of an exception message.</remarks>
public sealed class FtpSourceOptions
{
    /// <summary>Gets or sets the analyzer this source belongs to (see <see cref="Hematology.Integration.AnalyzerId"/>).</summary>
    /// <value>The default is empty (required).</value>
    public string AnalyzerId { get; set; } = string.Empty;

    /// <summary>Gets or sets the server's host name or IP address.</summary>
    /// <value>The default is empty (required).</value>
    public string Host { get; set; } = string.Empty;

    /// <summary>Gets or sets the control port.</summary>
    /// <value>The default is 21 (use 990 for implicit FTPS).</value>
    public int Port { get; set; } = AcquisitionDefaults.FtpPort;

    /// <summary>Gets or sets the login name.</summary>
    /// <value>The default is <c>anonymous</c>.</value>
    public string User { get; set; } = "anonymous";

    /// <summary>Gets or sets the password. Never logged.</summary>
    /// <value>The default is empty.</value>
    public string Password { get; set; } = string.Empty;

    /// <summary>Gets or sets how the connection is protected.</summary>
    /// <value>The default is <see cref="FtpTlsMode.None"/>.</value>
    public FtpTlsMode TlsMode { get; set; } = FtpTlsMode.None;

    /// <summary>
    /// Gets or sets the name the server's certificate is checked against and sent as SNI, on the control and the
    /// data connections. Set a DNS name from the certificate when <see cref="Host"/> is an IP address: .NET resumes
    /// the TLS session on data connections only for a DNS name, and vsftpd and proftpd refuse data connections that
    /// do not resume it.
    /// </summary>
    /// <value>The default is <see langword="null"/> (use <see cref="Host"/>).</value>
    public string? TlsServerName { get; set; }

    /// <summary>
    /// Gets or sets the SHA-256 thumbprint (64 hexadecimal characters; colons and spaces allowed) of the analyzer's own
    /// (usually self-signed) certificate. When set, exactly that certificate is accepted and no other check is made;
    /// when not set, the system's trust store and the name check decide.
    /// </summary>
    /// <value>The default is <see langword="null"/> (system validation).</value>
    public string? PinnedCertificateSha256 { get; set; }

    /// <summary>Gets or sets the folder the analyzer writes its result files into.</summary>
    /// <value>The default is <c>/</c> (the login's home).</value>
    public string RemoteDirectory { get; set; } = "/";

    /// <summary>
    /// Gets or sets the folder (relative to <see cref="RemoteDirectory"/>) a file is renamed into before it is
    /// downloaded, so two instances never take the same file. Empty disables claiming (for servers that do not
    /// allow renames).
    /// </summary>
    /// <value>The default is <c>processing</c>.</value>
    public string ProcessingFolder { get; set; } = AcquisitionDefaults.ProcessingFolder;

    /// <summary>
    /// Gets or sets whether commands that need not wait for each other's replies go out in one write (pipelined):
    /// a rename's RNFR and RNTO (the claim, the release after a failure, the archive move), with the claim the
    /// download's EPSV (and, when the listing's times are not exact, the file's MDTM, so the re-check compares exact
    /// times), the re-check's SIZE and MDTM as soon as the download's data has ended (before its final reply is read),
    /// and the DELEs of a hand-over batch. A claimed file then costs two round trips (plus one per hand-over batch)
    /// instead of six. Replies are always read in order and each one is checked for its own command, so a refusal
    /// concerns only its file.
    /// Checked against vsftpd, pure-ftpd, pyftpdlib and ftp-srv, plain and FTPS. Leave it off for a server you have
    /// not tried it with: an embedded server that reads one command per packet would lose the second one, and the
    /// poll would fail on the command time limit (nothing is lost: the file stays where it was, or in the processing
    /// folder, which the pipeline's next start puts back; see "Known limits" in <c>docs/acquisition.md</c>).
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool PipelineCommands { get; set; }

    /// <summary>Gets or sets what happens to the remote file once the local copy is durable.</summary>
    /// <value>The default is <see cref="AfterDownloadAction.Delete"/>.</value>
    public AfterDownloadAction AfterDownload { get; set; } = AfterDownloadAction.Delete;

    /// <summary>Gets or sets the folder (relative to <see cref="RemoteDirectory"/>) files are moved into with <see cref="AfterDownloadAction.Archive"/>; an existing name is never overwritten.</summary>
    /// <value>The default is <c>archive</c>.</value>
    public string ArchiveFolder { get; set; } = AcquisitionDefaults.ArchiveFolder;

    /// <summary>Gets or sets the encoding of file names when the server does not offer UTF-8 (for example <c>windows-1252</c>, <c>ibm850</c>).</summary>
    /// <value>The default is <c>utf-8</c>.</value>
    public string Encoding { get; set; } = "utf-8";

    /// <summary>Gets or sets which file names are taken: a pattern with <c>*</c> and <c>?</c>, case-insensitive.</summary>
    /// <value>The default is <c>*</c> (every file).</value>
    public string FilePattern { get; set; } = "*";

    /// <summary>Gets or sets the time limit for connecting, the TLS handshake and the login.</summary>
    /// <value>The default is 15 seconds.</value>
    public TimeSpan ConnectTimeout { get; set; } = AcquisitionDefaults.ConnectTimeout;

    /// <summary>Gets or sets the time limit for each command's reply.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan CommandTimeout { get; set; } = AcquisitionDefaults.CommandTimeout;

    /// <summary>Gets or sets the longest a data connection may stay silent during a transfer.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan DataTimeout { get; set; } = AcquisitionDefaults.DataTimeout;

    /// <summary>Gets or sets how often the server is polled.</summary>
    /// <value>The default is 15 seconds.</value>
    public TimeSpan PollInterval { get; set; } = AcquisitionDefaults.PollInterval;

    /// <summary>Gets or sets the most sessions opened to this server (host and port) at once, shared by every source on it.</summary>
    /// <value>The default is 1 (embedded analyzer servers often allow only one or two).</value>
    public int MaxConnections { get; set; } = AcquisitionDefaults.MaxConnections;

    /// <summary>Gets or sets how many times an interrupted download is resumed (REST) before the file is left for a later poll.</summary>
    /// <value>The default is 3.</value>
    public int DownloadAttempts { get; set; } = AcquisitionDefaults.DownloadAttempts;

    /// <summary>Gets or sets the largest file accepted; larger files are left on the server and reported.</summary>
    /// <value>The default is 64 MiB.</value>
    public long MaxFileBytes { get; set; } = AcquisitionDefaults.MaxFileBytes;

    /// <summary>Removes colons, spaces and dashes from a thumbprint.</summary>
    internal static string NormalizeThumbprint(string thumbprint) =>
        thumbprint.Replace(":", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
}
