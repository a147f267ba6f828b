using System.Net;
using Microsoft.Extensions.Options;

namespace Hematology.Integration.Mllp;

/// <summary>Validates <see cref="MllpServerOptions"/>, reporting every error at once.</summary>
public sealed class MllpServerOptionsValidator : IValidateOptions<MllpServerOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, MllpServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!IPAddress.TryParse(options.Host, out _))
        {
            errors.Add($"Host must be an IP address to listen on (was '{options.Host}').");
        }

        if (options.Port is < 0 or > 65535)
        {
            errors.Add($"Port must be between 0 and 65535 (was {options.Port}).");
        }

        if (options.MaxConnections < 1)
        {
            errors.Add($"MaxConnections must be at least 1 (was {options.MaxConnections}).");
        }

        if (options.IdleTimeout <= TimeSpan.Zero && options.IdleTimeout != Timeout.InfiniteTimeSpan)
        {
            errors.Add($"IdleTimeout must be positive or infinite (was {options.IdleTimeout}).");
        }

        if (options.HandlerTimeout <= TimeSpan.Zero)
        {
            errors.Add($"HandlerTimeout must be positive (was {options.HandlerTimeout}).");
        }

        MllpValidation.FrameAndEncoding(errors, options.MaxFrameSize, options.Encoding);
        var tls = options.Tls;
        if (tls is null)
        {
            errors.Add("Tls must not be null.");
        }
        else if (tls.Enabled)
        {
            if (tls.Certificate is null && tls.CertificatePath is null)
            {
                errors.Add("Tls: a server certificate is required (Certificate or CertificatePath).");
            }

            if (tls.Certificate is not null && tls.CertificatePath is not null)
            {
                errors.Add("Tls: set either Certificate or CertificatePath, not both.");
            }

            if (tls.Certificate is { HasPrivateKey: false })
            {
                errors.Add("Tls: the server certificate has no private key.");
            }

            MllpValidation.CertificateFile(errors, "Tls.CertificatePath", tls.CertificatePath, tls.CertificateKeyPath);
            MllpValidation.Thumbprints(errors, "Tls.AllowedClientCertificates", tls.AllowedClientCertificates);
            if (tls.HandshakeTimeout <= TimeSpan.Zero)
            {
                errors.Add($"Tls.HandshakeTimeout must be positive (was {tls.HandshakeTimeout}).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
