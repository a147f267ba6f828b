using Hematology.Integration.Mllp.Hl7;
using Hematology.Integration.Mllp.Tls;
using Microsoft.Extensions.Options;

namespace Hematology.Integration.Mllp;

/// <summary>Validates <see cref="MllpClientOptions"/>, reporting every error at once.</summary>
public sealed class MllpClientOptionsValidator : IValidateOptions<MllpClientOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, MllpClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            errors.Add("Host must be set (the receiver's host name or IP address).");
        }

        if (options.Port is < 1 or > 65535)
        {
            errors.Add($"Port must be between 1 and 65535 (was {options.Port}).");
        }

        Positive(errors, nameof(options.ConnectTimeout), options.ConnectTimeout);
        Positive(errors, nameof(options.AckTimeout), options.AckTimeout);
        if (options.ConnectAttempts < 1)
        {
            errors.Add($"ConnectAttempts must be at least 1 (was {options.ConnectAttempts}).");
        }

        if (options.ReconnectDelay < TimeSpan.Zero)
        {
            errors.Add($"ReconnectDelay must not be negative (was {options.ReconnectDelay}).");
        }

        if (options.MaxReconnectDelay < options.ReconnectDelay)
        {
            errors.Add($"MaxReconnectDelay ({options.MaxReconnectDelay}) must not be less than ReconnectDelay ({options.ReconnectDelay}).");
        }

        if (options.KeepAlive)
        {
            WholeSeconds(errors, nameof(options.KeepAliveTime), options.KeepAliveTime);
            WholeSeconds(errors, nameof(options.KeepAliveInterval), options.KeepAliveInterval);
            if (options.KeepAliveRetryCount is < 1 or > 127)
            {
                errors.Add($"KeepAliveRetryCount must be between 1 and 127 (was {options.KeepAliveRetryCount}).");
            }
        }

        MllpValidation.FrameAndEncoding(errors, options.MaxFrameSize, options.Encoding);
        var tls = options.Tls;
        if (tls is null)
        {
            errors.Add("Tls must not be null.");
        }
        else if (tls.Enabled)
        {
            MllpValidation.Thumbprints(errors, "Tls.PinnedServerCertificates", tls.PinnedServerCertificates);
            if (tls.ClientCertificate is not null && tls.ClientCertificatePath is not null)
            {
                errors.Add("Tls: set either ClientCertificate or ClientCertificatePath, not both.");
            }

            MllpValidation.CertificateFile(errors, "Tls.ClientCertificatePath", tls.ClientCertificatePath, tls.ClientCertificateKeyPath);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Positive(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            errors.Add($"{name} must be positive (was {value}).");
        }
    }

    private static void WholeSeconds(List<string> errors, string name, TimeSpan value)
    {
        if (value < TimeSpan.FromSeconds(1) || value.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            errors.Add($"{name} must be a whole number of seconds, at least 1 (was {value}).");
        }
    }
}

/// <summary>Checks shared by the client and server validators.</summary>
internal static class MllpValidation
{
    public static void FrameAndEncoding(List<string> errors, int maxFrameSize, string? encoding)
    {
        if (maxFrameSize < 64)
        {
            errors.Add($"MaxFrameSize must be at least 64 bytes (was {maxFrameSize}).");
        }

        if (Hl7Charset.Resolve(encoding) is null)
        {
            errors.Add($"Encoding '{encoding}' is not a known byte-oriented character set (UTF-16/32 cannot be framed by MLLP).");
        }
    }

    public static void Thumbprints(List<string> errors, string name, IList<string>? thumbprints)
    {
        if (thumbprints is null)
        {
            return;
        }

        for (var i = 0; i < thumbprints.Count; i++)
        {
            if (!MllpTls.IsValidThumbprint(thumbprints[i]))
            {
                errors.Add($"{name}[{i}] must be a SHA-256 thumbprint of 64 hex digits.");
            }
        }
    }

    public static void CertificateFile(List<string> errors, string name, string? path, string? keyPath)
    {
        if (path is not null && !File.Exists(path))
        {
            errors.Add($"{name}: the file '{path}' does not exist.");
        }

        if (keyPath is not null && !File.Exists(keyPath))
        {
            errors.Add($"{name}: the key file '{keyPath}' does not exist.");
        }
    }
}
