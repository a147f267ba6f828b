using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hematology.Integration.Mllp;

/// <summary>Creates MLLP senders without dependency injection.</summary>
public static class MllpClient
{
    /// <summary>Creates a sender. No connection is made until the first send.</summary>
    /// <param name="options">The destination and its settings; validated here.</param>
    /// <param name="loggerFactory">The logger factory, or <see langword="null"/> for no logging.</param>
    /// <param name="timeProvider">The clock for timeouts and latency, or <see langword="null"/> for the system clock.</param>
    /// <returns>The sender; dispose it to close the connection.</returns>
    /// <exception cref="OptionsValidationException">The options are invalid (every error is listed).</exception>
    public static IMllpClient Create(MllpClientOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new MllpClientOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(MllpClientOptions), validation.Failures);
        }

        return new DefaultMllpClient(options, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<IMllpClient>(), timeProvider ?? TimeProvider.System);
    }
}
