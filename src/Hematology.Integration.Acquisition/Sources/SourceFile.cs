namespace Hematology.Integration.Acquisition;

/// <summary>A file as a source listed it.</summary>
/// <param name="Name">The file's name as the source reports it (not yet sanitised; never used as a local path).</param>
/// <param name="Length">The size in bytes.</param>
/// <param name="ModifiedAt">The modification time the source reports (server time: compared only with earlier values of the same source).</param>
public sealed record SourceFile(string Name, long Length, DateTimeOffset? ModifiedAt);
