using Microsoft.Extensions.Options;

namespace Hematology.Integration.Acquisition;

/// <summary>Validates <see cref="LocalFolderSourceOptions"/>, reporting every error at once.</summary>
public sealed class LocalFolderSourceOptionsValidator : IValidateOptions<LocalFolderSourceOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, LocalFolderSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!Hematology.Integration.AnalyzerId.TryCreate(options.AnalyzerId, out _))
        {
            errors.Add("AnalyzerId must be 1 to 64 letters, digits, '-', '_' or '.', not starting with '.'.");
        }

        if (string.IsNullOrWhiteSpace(options.Path))
        {
            errors.Add("Path is required.");
        }

        FtpSourceOptionsValidator.CheckFolder(errors, nameof(options.ProcessingFolder), options.ProcessingFolder, allowEmpty: true);
        FtpSourceOptionsValidator.CheckFolder(errors, nameof(options.ArchiveFolder), options.ArchiveFolder, allowEmpty: options.AfterDownload != AfterDownloadAction.Archive);
        if (!Enum.IsDefined(options.AfterDownload))
        {
            errors.Add("AfterDownload must be Delete or Archive.");
        }

        if (options.PollInterval <= TimeSpan.Zero)
        {
            errors.Add("PollInterval must be positive.");
        }

        if (options.MaxFileBytes < 1)
        {
            errors.Add("MaxFileBytes must be positive.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
