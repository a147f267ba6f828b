using Microsoft.Extensions.Options;

namespace Hematology.Integration.Audit;

/// <summary>Options of the JSON Lines audit trail (the embedded default).</summary>
public sealed class JsonLinesAuditOptions
{
    /// <summary>Gets or sets the folder that holds the daily files, the head marker and the lock file.</summary>
    /// <value>The default is <c>audit</c> (relative to the current directory).</value>
    public string Directory { get; set; } = AuditDefaults.Directory;

    /// <summary>Gets or sets the file-name prefix: files are named <c>&lt;prefix&gt;-yyyy-MM-dd.jsonl</c>.</summary>
    /// <value>The default is <c>audit</c>.</value>
    public string FilePrefix { get; set; } = AuditDefaults.FilePrefix;

    /// <summary>Gets or sets the most events written and flushed together (group commit). 1 means one flush per event.</summary>
    /// <value>The default is 1024.</value>
    public int MaxBatchSize { get; set; } = AuditDefaults.MaxBatchSize;

    /// <summary>Gets or sets whether each batch is flushed to disk (fsync) before its appends complete. Turn off only for tests.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool FlushToDisk { get; set; } = true;

    /// <summary>Gets the detail keys the trail refuses because they name patient data (compared ignoring case, <c>_</c>, <c>-</c>, <c>.</c> and spaces).</summary>
    /// <value>The default lists patient, name, MRN, birth date, specimen and result fields.</value>
    public IList<string> ForbiddenDetailKeys { get; } = [.. AuditDefaults.ForbiddenDetailKeys];

    /// <summary>Gets or sets the longest detail value accepted, in characters.</summary>
    /// <value>The default is 512.</value>
    public int MaxDetailValueLength { get; set; } = AuditDefaults.MaxDetailValueLength;
}

/// <summary>Validates <see cref="JsonLinesAuditOptions"/>, reporting every problem at once.</summary>
public sealed class JsonLinesAuditOptionsValidator : IValidateOptions<JsonLinesAuditOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, JsonLinesAuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            errors.Add("Directory is required.");
        }

        if (string.IsNullOrEmpty(options.FilePrefix) || options.FilePrefix.Length > 64 || !options.FilePrefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            errors.Add("FilePrefix must be 1 to 64 letters, digits, '-' or '_'.");
        }

        AuditOptionChecks.Common(options.MaxBatchSize, options.MaxDetailValueLength, options.ForbiddenDetailKeys, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Checks shared by the audit options validators.</summary>
internal static class AuditOptionChecks
{
    public static void Common(int maxBatchSize, int maxDetailValueLength, IList<string> forbiddenKeys, List<string> errors)
    {
        if (maxBatchSize is < 1 or > AuditDefaults.MaxBatchSizeLimit)
        {
            errors.Add($"MaxBatchSize must be between 1 and {AuditDefaults.MaxBatchSizeLimit}.");
        }

        if (maxDetailValueLength is < 1 or > AuditDefaults.MaxDetailValueLengthLimit)
        {
            errors.Add($"MaxDetailValueLength must be between 1 and {AuditDefaults.MaxDetailValueLengthLimit}.");
        }

        if (forbiddenKeys is null || forbiddenKeys.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("ForbiddenDetailKeys must not hold empty keys.");
        }
    }

    public static void ThrowIfInvalid<T>(IValidateOptions<T> validator, T options)
        where T : class
    {
        var result = validator.Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(T), result.Failures);
        }
    }
}
