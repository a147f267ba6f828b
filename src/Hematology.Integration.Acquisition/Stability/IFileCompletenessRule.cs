namespace Hematology.Integration.Acquisition;

/// <summary>A content check that tells whether a downloaded file is complete (an analyzer profile's rule).</summary>
public interface IFileCompletenessRule
{
    /// <summary>Checks a file's content.</summary>
    /// <param name="content">The downloaded copy, positioned at its start, readable and seekable.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns><see langword="true"/> when the file is complete.</returns>
    ValueTask<bool> IsCompleteAsync(Stream content, CancellationToken cancellationToken = default);
}
