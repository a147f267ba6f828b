using Microsoft.Extensions.Options;

namespace Hematology.Integration.Audit;

/// <summary>Options of the SQLite audit trail.</summary>
public sealed class SqliteAuditOptions
{
    /// <summary>Gets or sets the database file.</summary>
    /// <value>The default is <c>audit.db</c> (relative to the current directory).</value>
    public string DatabasePath { get; set; } = AuditDefaults.DatabasePath;

    /// <summary>Gets or sets the most events committed in one transaction (group commit). 1 means one transaction per event.</summary>
    /// <value>The default is 1024.</value>
    public int MaxBatchSize { get; set; } = AuditDefaults.MaxBatchSize;

    /// <summary>Gets or sets whether each transaction is synced to disk before its appends complete (<c>synchronous=FULL</c>; otherwise <c>NORMAL</c>).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool FlushToDisk { get; set; } = true;

    /// <summary>Gets the detail keys the trail refuses because they name patient data (compared ignoring case, <c>_</c>, <c>-</c>, <c>.</c> and spaces).</summary>
    /// <value>The default lists patient, name, MRN, birth date, specimen and result fields.</value>
    public IList<string> ForbiddenDetailKeys { get; } = [.. AuditDefaults.ForbiddenDetailKeys];

    /// <summary>Gets or sets the longest detail value accepted, in characters.</summary>
    /// <value>The default is 512.</value>
    public int MaxDetailValueLength { get; set; } = AuditDefaults.MaxDetailValueLength;
}

/// <summary>Validates <see cref="SqliteAuditOptions"/>, reporting every problem at once.</summary>
public sealed class SqliteAuditOptionsValidator : IValidateOptions<SqliteAuditOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SqliteAuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            errors.Add("DatabasePath is required.");
        }

        AuditOptionChecks.Common(options.MaxBatchSize, options.MaxDetailValueLength, options.ForbiddenDetailKeys, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
