using System.Globalization;
using Hematology.Integration.Acquisition;
using Hematology.Integration.Mllp;
using Hematology.Integration.Resilience;
using Hematology.Integration.Spool;
using Hematology.Integration.Validation.Profiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hematology.Integration;

/// <summary>
/// Validates <see cref="HematologyOptions"/> at start, reporting every error at once. Each error names its option by
/// its configuration path (<c>Hematology:Analyzers:0:Source:Path</c>) and never contains a credential.
/// </summary>
internal sealed class HematologyOptionsValidator : IValidateOptions<HematologyOptions>
{
    private static readonly Lazy<IValidateOptions<ResilienceOptions>[]> ResilienceValidators = new(() =>
    {
        // The Resilience package keeps its validator internal; it is reachable through its own registration.
        var services = new ServiceCollection();
        services.AddHematologyResilience();
        using var provider = services.BuildServiceProvider();
        return [.. provider.GetServices<IValidateOptions<ResilienceOptions>>()];
    });

    public ValidateOptionsResult Validate(string? name, HematologyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Collect(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static List<string> Collect(HematologyOptions options)
    {
        const string Root = HematologyOptions.SectionName + ":";
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.SpoolDirectory))
        {
            errors.Add(Root + "SpoolDirectory must name a folder.");
        }

        var profiles = ProfileRegistry.LoadFiles(options.ProfileFiles, errors);
        ValidateDestinations(options, errors);
        ValidateAnalyzers(options, profiles, errors);
        ValidateAudit(options, errors);
        foreach (var validator in ResilienceValidators.Value)
        {
            var result = validator.Validate(null, options.Resilience);
            if (result.Failed)
            {
                errors.AddRange(result.Failures.Select(f => Root + "Resilience: " + f));
            }
        }

        return errors;
    }

    private static void ValidateDestinations(HematologyOptions options, List<string> errors)
    {
        if (options.Destinations.Count == 0)
        {
            errors.Add("Hematology:Destinations must list at least one destination (an MLLP or HTTP endpoint of the LIMS).");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Destinations.Count; i++)
        {
            var destination = options.Destinations[i];
            var path = string.Create(CultureInfo.InvariantCulture, $"Hematology:Destinations:{i}:");
            if (string.IsNullOrWhiteSpace(destination.Name))
            {
                errors.Add(path + "Name is required.");
            }
            else if (!names.Add(DurableSpool.SafeName(destination.Name)))
            {
                errors.Add(path + $"Name '{destination.Name}' is used twice (names must stay distinct as folder names).");
            }

            if (destination.AckTimeout <= TimeSpan.Zero)
            {
                errors.Add(path + "AckTimeout must be positive.");
            }

            switch (destination.Kind)
            {
                case DestinationKind.Mllp:
                    if (destination.Url is not null)
                    {
                        errors.Add(path + "Url is for HTTP destinations; an MLLP destination takes Host and Port.");
                    }

                    Append(errors, path, new MllpClientOptionsValidator().Validate(null, StageOptions.Mllp(destination)));
                    break;
                case DestinationKind.Http:
                    if (destination.Url is null || !destination.Url.IsAbsoluteUri || !(string.Equals(destination.Url.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal) || string.Equals(destination.Url.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal)))
                    {
                        errors.Add(path + "Url must be an absolute http or https URL for an HTTP destination.");
                    }
                    else if (!string.IsNullOrEmpty(destination.Url.UserInfo))
                    {
                        errors.Add(path + "Url must not carry credentials; use Username/Password or BearerToken.");
                    }

                    if (!string.IsNullOrEmpty(destination.BearerToken) && !string.IsNullOrEmpty(destination.Username))
                    {
                        errors.Add(path + "set either BearerToken or Username/Password, not both.");
                    }

                    break;
                default:
                    errors.Add(path + "Kind must be Mllp or Http.");
                    break;
            }
        }
    }

    private static void ValidateAnalyzers(HematologyOptions options, IReadOnlyDictionary<string, AnalyzerProfile> profiles, List<string> errors)
    {
        if (options.Analyzers.Count == 0)
        {
            errors.Add("Hematology:Analyzers must list at least one analyzer.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var destinations = new HashSet<string>(options.Destinations.Select(d => d.Name), StringComparer.Ordinal);
        for (var i = 0; i < options.Analyzers.Count; i++)
        {
            var analyzer = options.Analyzers[i];
            var path = string.Create(CultureInfo.InvariantCulture, $"Hematology:Analyzers:{i}:");
            if (!AnalyzerId.TryCreate(analyzer.Id, out _))
            {
                errors.Add(path + "Id must be 1 to 64 letters, digits, '-', '_' or '.', not starting with '.'.");
            }
            else if (!ids.Add(analyzer.Id))
            {
                errors.Add(path + $"Id '{analyzer.Id}' is used twice.");
            }

            if (analyzer.PollInterval <= TimeSpan.Zero)
            {
                errors.Add(path + "PollInterval must be positive.");
            }

            Append(errors, path, new StabilityOptionsValidator().Validate(null, StageOptions.Stability(analyzer)), "Stability ");
            if (!ProfileRegistry.IsKnown(analyzer.Profile, profiles))
            {
                errors.Add(path + $"Profile '{analyzer.Profile}' is neither built in ({string.Join(", ", AnalyzerProfiles.BuiltInNames)}) nor loaded from ProfileFiles.");
            }

            if (!TimeZoneInfo.TryFindSystemTimeZoneById(analyzer.TimeZone ?? string.Empty, out _))
            {
                errors.Add(path + $"TimeZone '{analyzer.TimeZone}' is not a known time zone.");
            }

            foreach (var destination in analyzer.Destinations.Where(d => !destinations.Contains(d)))
            {
                errors.Add(path + $"Destinations names '{destination}', which is not in Hematology:Destinations.");
            }

            var source = path + "Source:";
            switch (analyzer.Source.Kind)
            {
                case AnalyzerSourceKind.LocalFolder:
                    Append(errors, source, new LocalFolderSourceOptionsValidator().Validate(null, StageOptions.LocalFolder(analyzer)), skipAnalyzerId: true);
                    break;
                case AnalyzerSourceKind.Ftp:
                    Append(errors, source, new FtpSourceOptionsValidator().Validate(null, StageOptions.Ftp(analyzer)), skipAnalyzerId: true);
                    break;
                default:
                    errors.Add(source + "Kind must be LocalFolder or Ftp.");
                    break;
            }
        }
    }

    private static void ValidateAudit(HematologyOptions options, List<string> errors)
    {
        if (options.Audit.Store is not (AuditStoreKind.JsonLines or AuditStoreKind.Sqlite))
        {
            errors.Add("Hematology:Audit:Store must be JsonLines or Sqlite.");
        }

        if (options.Audit.Path is { } path && path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0)
        {
            errors.Add("Hematology:Audit:Path contains characters that are not allowed in a path.");
        }
    }

    private static void Append(List<string> errors, string path, ValidateOptionsResult result, string prefix = "", bool skipAnalyzerId = false)
    {
        if (!result.Failed)
        {
            return;
        }

        foreach (var failure in result.Failures)
        {
            if (skipAnalyzerId && failure.StartsWith("AnalyzerId", StringComparison.Ordinal))
            {
                continue; // reported once, as the analyzer's Id
            }

            errors.Add(path + prefix + failure);
        }
    }
}
