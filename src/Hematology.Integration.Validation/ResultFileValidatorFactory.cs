using Hematology.Integration.Validation.Engine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hematology.Integration.Validation;

/// <summary>Creates the default <see cref="IResultFileValidator"/> without dependency injection.</summary>
public static class ResultFileValidatorFactory
{
    /// <summary>Creates a validator.</summary>
    /// <param name="options">The limits; <see langword="null"/> for the defaults.</param>
    /// <param name="loggerFactory">Where log messages go; <see langword="null"/> for none.</param>
    /// <param name="timeProvider">The clock of the per-file time bound; <see langword="null"/> for the system clock.</param>
    /// <returns>The validator.</returns>
    /// <exception cref="OptionsValidationException"><paramref name="options"/> is not valid; every error is listed.</exception>
    public static IResultFileValidator Create(ResultFileValidatorOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        options ??= new ResultFileValidatorOptions();
        var result = new ResultFileValidatorOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ResultFileValidatorOptions), result.Failures);
        }

        return new ResultFileValidator(
            options,
            (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ResultFileValidator>(),
            timeProvider ?? TimeProvider.System);
    }
}
