using System.Globalization;
using Microsoft.Extensions.Options;

namespace Hematology.Integration.Acquisition;

/// <summary>Validates <see cref="FtpSourceOptions"/>, reporting every error at once.</summary>
public sealed class FtpSourceOptionsValidator : IValidateOptions<FtpSourceOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, FtpSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!Hematology.Integration.AnalyzerId.TryCreate(options.AnalyzerId, out _))
        {
            errors.Add("AnalyzerId must be 1 to 64 letters, digits, '-', '_' or '.', not starting with '.'.");
        }

        if (string.IsNullOrWhiteSpace(options.Host))
        {
            errors.Add("Host is required.");
        }

        if (options.Port is < 1 or > 65535)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Port must be between 1 and 65535 (was {options.Port})."));
        }

        if (string.IsNullOrEmpty(options.User))
        {
            errors.Add("User is required (use 'anonymous' for anonymous login).");
        }

        if (!Enum.IsDefined(options.TlsMode))
        {
            errors.Add("TlsMode must be None, Explicit or Implicit.");
        }

        if (!string.IsNullOrEmpty(options.PinnedCertificateSha256))
        {
            var thumbprint = FtpSourceOptions.NormalizeThumbprint(options.PinnedCertificateSha256);
            if (thumbprint.Length != 64 || !thumbprint.All(char.IsAsciiHexDigit))
            {
                errors.Add("PinnedCertificateSha256 must be a SHA-256 thumbprint: 64 hexadecimal characters (colons and spaces allowed).");
            }

            if (options.TlsMode == FtpTlsMode.None)
            {
                errors.Add("PinnedCertificateSha256 needs TlsMode Explicit or Implicit.");
            }
        }

        CheckFolder(errors, nameof(options.ProcessingFolder), options.ProcessingFolder, allowEmpty: true);
        CheckFolder(errors, nameof(options.ArchiveFolder), options.ArchiveFolder, allowEmpty: options.AfterDownload != AfterDownloadAction.Archive);
        if (!Enum.IsDefined(options.AfterDownload))
        {
            errors.Add("AfterDownload must be Delete or Archive.");
        }

        if (!FtpEncodings.TryResolve(string.IsNullOrEmpty(options.Encoding) ? "utf-8" : options.Encoding, out _))
        {
            errors.Add($"Encoding '{options.Encoding}' is not a known encoding or code page.");
        }

        CheckCommon(errors, options.ConnectTimeout, options.CommandTimeout, options.DataTimeout, options.PollInterval, options.MaxConnections, options.DownloadAttempts, options.MaxFileBytes);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static void CheckFolder(List<string> errors, string property, string? folder, bool allowEmpty)
    {
        if (string.IsNullOrEmpty(folder))
        {
            if (!allowEmpty)
            {
                errors.Add($"{property} is required.");
            }

            return;
        }

        if (folder.Contains('/', StringComparison.Ordinal) || folder.Contains('\\', StringComparison.Ordinal) || folder is "." or ".." || folder.Any(char.IsControl))
        {
            errors.Add($"{property} must be a single folder name inside the source folder (no '/', '\\', '.' or '..').");
        }
    }

    private static void CheckCommon(List<string> errors, TimeSpan connect, TimeSpan command, TimeSpan data, TimeSpan poll, int maxConnections, int attempts, long maxBytes)
    {
        if (connect <= TimeSpan.Zero)
        {
            errors.Add("ConnectTimeout must be positive.");
        }

        if (command <= TimeSpan.Zero)
        {
            errors.Add("CommandTimeout must be positive.");
        }

        if (data <= TimeSpan.Zero)
        {
            errors.Add("DataTimeout must be positive.");
        }

        if (poll <= TimeSpan.Zero)
        {
            errors.Add("PollInterval must be positive.");
        }

        if (maxConnections < 1)
        {
            errors.Add("MaxConnections must be at least 1.");
        }

        if (attempts < 1)
        {
            errors.Add("DownloadAttempts must be at least 1.");
        }

        if (maxBytes < 1)
        {
            errors.Add("MaxFileBytes must be positive.");
        }
    }
}
