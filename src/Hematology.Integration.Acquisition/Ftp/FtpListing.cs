namespace Hematology.Integration.Acquisition;

/// <summary>A parsed directory listing: the entries and every line no parser understood (reported, never dropped silently).</summary>
/// <param name="Entries">The entries.</param>
/// <param name="UnparsedLines">Lines that could not be parsed.</param>
/// <param name="ExactTimes">Whether the times are exact UTC (MLSD), comparable with MDTM.</param>
internal sealed record FtpListing(IReadOnlyList<FtpListEntry> Entries, IReadOnlyList<string> UnparsedLines, bool ExactTimes = false);
