using Microsoft.Extensions.Options;

namespace Hematology.Integration.Acquisition;

/// <summary>Validates <see cref="StabilityOptions"/>, reporting every error at once.</summary>
public sealed class StabilityOptionsValidator : IValidateOptions<StabilityOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StabilityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Window < TimeSpan.Zero)
        {
            errors.Add("Window must not be negative.");
        }

        if (options.MinObservations < 1)
        {
            errors.Add("MinObservations must be at least 1.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
