namespace Hematology.Integration.Acquisition;

/// <summary>A local or mounted (SMB/NFS) folder an analyzer writes its result files into.</summary>
public sealed class LocalFolderSourceOptions
{
    /// <summary>Gets or sets the analyzer this source belongs to.</summary>
    /// <value>The default is empty (required).</value>
    public string AnalyzerId { get; set; } = string.Empty;

    /// <summary>Gets or sets the folder the analyzer writes into.</summary>
    /// <value>The default is empty (required).</value>
    public string Path { get; set; } = string.Empty;

    /// <summary>Gets or sets the sub-folder files are moved into before they are copied (empty: no claim).</summary>
    /// <value>The default is <c>processing</c>.</value>
    public string ProcessingFolder { get; set; } = AcquisitionDefaults.ProcessingFolder;

    /// <summary>Gets or sets what happens to the file once the local copy is durable.</summary>
    /// <value>The default is <see cref="AfterDownloadAction.Delete"/>.</value>
    public AfterDownloadAction AfterDownload { get; set; } = AfterDownloadAction.Delete;

    /// <summary>Gets or sets the sub-folder files are moved into with <see cref="AfterDownloadAction.Archive"/>.</summary>
    /// <value>The default is <c>archive</c>.</value>
    public string ArchiveFolder { get; set; } = AcquisitionDefaults.ArchiveFolder;

    /// <summary>Gets or sets which file names are taken (<c>*</c> and <c>?</c>, case-insensitive).</summary>
    /// <value>The default is <c>*</c>.</value>
    public string FilePattern { get; set; } = "*";

    /// <summary>Gets or sets how often the folder is polled.</summary>
    /// <value>The default is 15 seconds.</value>
    public TimeSpan PollInterval { get; set; } = AcquisitionDefaults.PollInterval;

    /// <summary>Gets or sets the largest file accepted.</summary>
    /// <value>The default is 64 MiB.</value>
    public long MaxFileBytes { get; set; } = AcquisitionDefaults.MaxFileBytes;
}
