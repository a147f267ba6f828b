namespace Hematology.Integration.Acquisition;

/// <summary>One entry of a directory listing.</summary>
/// <param name="Name">The name as the server printed it.</param>
/// <param name="Kind">File, directory or something else (link, device).</param>
/// <param name="Size">The size in bytes, when known.</param>
/// <param name="Modified">The modification time (exact UTC from MLSD; from LIST only a server-local, minute-precision value to compare with earlier values).</param>
internal readonly record struct FtpListEntry(string Name, FtpListEntryKind Kind, long? Size, DateTimeOffset? Modified);
