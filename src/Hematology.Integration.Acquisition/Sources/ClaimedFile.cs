namespace Hematology.Integration.Acquisition;

/// <summary>A file this instance has claimed.</summary>
/// <param name="File">
/// The file as it was listed. When the listing's times are not exact (LIST) and the claim could read the file's time
/// exactly (FTP with <see cref="FtpSourceOptions.PipelineCommands"/>: MDTM in the claim's write), its modification time
/// is that exact time: the re-check after the download compares with it.
/// </param>
/// <param name="Path">Where the file is now on the source, relative to the source folder (for example <c>processing/run1.csv</c>).</param>
public sealed record ClaimedFile(SourceFile File, string Path);
