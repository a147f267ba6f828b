namespace Hematology.Integration.Acquisition;

/// <summary>
/// A copy fsync'd and renamed into <c>acquired/&lt;analyzer&gt;/</c> whose new name may not be flushed yet: it is
/// durable once <see cref="Folder"/> has flushed through <see cref="Ticket"/>.
/// </summary>
internal sealed record CommittedFile(DownloadedFile Downloaded, string LocalPath, FolderSync Folder, long Ticket);
