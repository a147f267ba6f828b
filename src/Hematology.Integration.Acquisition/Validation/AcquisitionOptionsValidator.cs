using Microsoft.Extensions.Options;

namespace Hematology.Integration.Acquisition;

/// <summary>Validates <see cref="AcquisitionOptions"/>, reporting every error at once.</summary>
public sealed class AcquisitionOptionsValidator : IValidateOptions<AcquisitionOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AcquisitionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.SpoolDirectory))
        {
            errors.Add("SpoolDirectory is required.");
        }

        if (options.PollJitter is < 0 or > 0.5 || double.IsNaN(options.PollJitter))
        {
            errors.Add("PollJitter must be between 0 and 0.5.");
        }

        if (options.MaxBackoff <= TimeSpan.Zero)
        {
            errors.Add("MaxBackoff must be positive.");
        }

        if (options.Stability is null)
        {
            errors.Add("Stability is required.");
        }
        else
        {
            var stability = new StabilityOptionsValidator().Validate(name, options.Stability);
            if (stability.Failed)
            {
                errors.AddRange(stability.Failures.Select(f => "Stability." + f));
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
