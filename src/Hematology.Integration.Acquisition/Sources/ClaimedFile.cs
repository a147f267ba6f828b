namespace Hematology.Integration.Acquisition;

/// <summary>A file this instance has claimed.</summary>
/// <param name="File">The file as it was listed.</param>
/// <param name="Path">Where the file is now on the source, relative to the source folder (for example <c>processing/run1.csv</c>).</param>
public sealed record ClaimedFile(SourceFile File, string Path);
