using Microsoft.Extensions.Options;

namespace Hematology.Integration;

/// <summary>Validates <see cref="HematologyOptions"/> at start, reporting every error at once.</summary>
internal sealed class HematologyOptionsValidator : IValidateOptions<HematologyOptions>
{
    public ValidateOptionsResult Validate(string? name, HematologyOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.SpoolDirectory))
        {
            errors.Add("Hematology:SpoolDirectory must name a folder.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
