namespace Hematology.Integration.Acquisition;

/// <summary>What a listing line describes.</summary>
internal enum FtpListEntryKind
{
    File,
    Directory,
    Other,
}
