namespace Hematology.Integration.Acquisition;

/// <summary>How an FTP connection is protected.</summary>
public enum FtpTlsMode
{
    /// <summary>Plain FTP: the password and the files cross the network in clear text.</summary>
    None,

    /// <summary>Explicit FTPS (RFC 4217): connect in clear, then <c>AUTH TLS</c>, <c>PBSZ 0</c>, <c>PROT P</c>; data connections are protected too.</summary>
    Explicit,

    /// <summary>Implicit FTPS: TLS from the first byte (usually port 990); data connections are protected too.</summary>
    Implicit,
}
