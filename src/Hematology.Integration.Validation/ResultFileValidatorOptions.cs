using Microsoft.Extensions.Options;

namespace Hematology.Integration.Validation;

/// <summary>Limits of the result-file validator.</summary>
public sealed class ResultFileValidatorOptions
{
    /// <summary>Gets or sets how long one file may take; a file that takes longer is rejected with <see cref="ValidationIssueCodes.FileTimeout"/>.</summary>
    /// <value>The default is 5 minutes.</value>
    public TimeSpan MaxDuration { get; set; } = ValidationDefaults.MaxDuration;

    /// <summary>Gets or sets the largest record (row) in bytes; a larger one rejects the file with <see cref="ValidationIssueCodes.RecordTooLarge"/>.</summary>
    /// <value>The default is 1 MiB.</value>
    public int MaxRecordBytes { get; set; } = ValidationDefaults.MaxRecordBytes;

    /// <summary>Gets or sets how many of the most recent specimens are remembered for duplicate detection, which keeps memory constant for files of any size.</summary>
    /// <value>The default is 4096.</value>
    public int DuplicateWindow { get; set; } = ValidationDefaults.DuplicateWindow;

    /// <summary>Gets or sets how many bytes of a stream that cannot seek are examined to decide its encoding (the rest is checked while reading).</summary>
    /// <value>The default is 64 KiB.</value>
    public int EncodingProbeBytes { get; set; } = ValidationDefaults.EncodingProbeBytes;

    /// <summary>Gets or sets the size of the CSV reader's buffer in bytes.</summary>
    /// <value>The default is 128 KiB.</value>
    public int BufferSize { get; set; } = ValidationDefaults.BufferSize;
}

internal static class ValidationDefaults
{
    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(5);
    public const int MaxRecordBytes = 1024 * 1024;
    public const int DuplicateWindow = 4096;
    public const int EncodingProbeBytes = 64 * 1024;
    public const int BufferSize = 128 * 1024;
}

/// <summary>Validates <see cref="ResultFileValidatorOptions"/>, reporting every error at once.</summary>
public sealed class ResultFileValidatorOptionsValidator : IValidateOptions<ResultFileValidatorOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ResultFileValidatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.MaxDuration <= TimeSpan.Zero || options.MaxDuration > TimeSpan.FromDays(1))
        {
            errors.Add($"{nameof(options.MaxDuration)} must be more than zero and at most one day (was {options.MaxDuration}).");
        }

        if (options.MaxRecordBytes is < 1024 or > 64 * 1024 * 1024)
        {
            errors.Add($"{nameof(options.MaxRecordBytes)} must be between 1 KiB and 64 MiB (was {options.MaxRecordBytes}).");
        }

        if (options.DuplicateWindow is < 1 or > 1_000_000)
        {
            errors.Add($"{nameof(options.DuplicateWindow)} must be between 1 and 1000000 (was {options.DuplicateWindow}).");
        }

        if (options.EncodingProbeBytes is < 1024 or > 16 * 1024 * 1024)
        {
            errors.Add($"{nameof(options.EncodingProbeBytes)} must be between 1 KiB and 16 MiB (was {options.EncodingProbeBytes}).");
        }

        if (options.BufferSize is < 4096 or > 16 * 1024 * 1024)
        {
            errors.Add($"{nameof(options.BufferSize)} must be between 4 KiB and 16 MiB (was {options.BufferSize}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
