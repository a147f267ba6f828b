namespace Hematology.Integration.Acquisition;

/// <summary>What happens to a source file once its local copy is durable.</summary>
public enum AfterDownloadAction
{
    /// <summary>Delete it from the source.</summary>
    Delete,

    /// <summary>Move it into the archive folder on the source (with a suffix when the name exists there).</summary>
    Archive,
}
