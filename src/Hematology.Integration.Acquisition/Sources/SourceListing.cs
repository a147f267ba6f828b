namespace Hematology.Integration.Acquisition;

/// <summary>The files in a source folder, and the listing lines no parser understood (reported, never dropped silently).</summary>
/// <param name="Files">The files.</param>
/// <param name="UnparsedLines">Listing lines that could not be parsed (empty for a local folder).</param>
public sealed record SourceListing(IReadOnlyList<SourceFile> Files, IReadOnlyList<string> UnparsedLines);
