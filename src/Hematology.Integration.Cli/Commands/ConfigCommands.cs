using System.CommandLine;
using System.Globalization;

namespace Hematology.Integration.Cli.Commands;

/// <summary><c>hematology config check --config FILE</c>: every configuration error at once, before starting.</summary>
internal static class ConfigCommands
{
    public static Command Create()
    {
        var config = new Command("config", "Work with a site configuration file.");
        var file = RequiredConfigOption();
        var check = new Command("check", "Check a site configuration as the host would at start, and print every error at once.") { file };
        check.SetAction((parse, _) => CliContext.RunAsync(parse, () =>
        {
            var output = parse.InvocationConfiguration.Output;
            var site = SiteConfiguration.Load(parse.GetRequiredValue(file));
            var errors = site.Errors();
            if (errors.Count > 0)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{site.File.Name}: {errors.Count} error(s):"));
                foreach (var error in errors)
                {
                    output.WriteLine("  - " + error);
                }

                return Task.FromResult(ExitCodes.InvalidConfiguration);
            }

            PrintSummary(output, site);
            return Task.FromResult(ExitCodes.Success);
        }));
        config.Add(check);
        return config;
    }

    /// <summary>A <c>--config</c> option that must be given.</summary>
    internal static Option<FileInfo> RequiredConfigOption() => new("--config", "-c")
    {
        Description = "The site configuration file (JSON with a 'Hematology' section; credentials may come from environment variables such as HEMATOLOGY__ANALYZERS__0__SOURCE__PASSWORD).",
        Required = true,
    };

    /// <summary>Prints what a valid configuration will do; credentials are never printed.</summary>
    internal static void PrintSummary(TextWriter output, SiteConfiguration site)
    {
        var options = site.Options;
        output.WriteLine($"{site.File.Name}: OK");
        foreach (var analyzer in options.Analyzers)
        {
            var destinations = analyzer.Destinations.Count == 0 ? "all destinations" : string.Join(", ", analyzer.Destinations);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  analyzer {analyzer.Id}: {analyzer.Source}, profile {analyzer.Profile} ({analyzer.TimeZone}), every {analyzer.PollInterval.TotalSeconds:0.#} s -> {destinations}"));
        }

        foreach (var destination in options.Destinations)
        {
            output.WriteLine($"  destination {destination.Name}: {destination}");
        }

        output.WriteLine($"  spool: {site.SpoolDirectory}");
        output.WriteLine($"  audit: {options.Audit.Store} at {site.AuditPath}");
    }
}
