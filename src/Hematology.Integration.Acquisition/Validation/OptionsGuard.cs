using Microsoft.Extensions.Options;

namespace Hematology.Integration.Acquisition;

/// <summary>Throws when options built without DI are invalid (the same validators DI runs at start).</summary>
internal static class OptionsGuard
{
    public static void ThrowIfInvalid(ValidateOptionsResult result)
    {
        if (result.Failed)
        {
            throw new OptionsValidationException(string.Empty, typeof(object), result.Failures);
        }
    }
}
