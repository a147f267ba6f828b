using System.CommandLine;
using Microsoft.Extensions.Configuration;

namespace Hematology.Integration.Cli;

/// <summary>Options and helpers shared by the commands: the configuration file, the spool, output and errors.</summary>
internal static class CliContext
{
    public static Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Print details and stack traces on errors.",
        Recursive = true,
    };

    public static Option<FileInfo?> ConfigOption() => new("--config", "-c")
    {
        Description = "The site configuration file (JSON with a 'Hematology' section).",
    };

    public static Option<DirectoryInfo?> SpoolOption() => new("--spool")
    {
        Description = "The spool folder (instead of reading it from --config).",
    };

    /// <summary>
    /// Loads a site configuration file, then environment variables over it (for credentials), named as the
    /// configuration path with <c>__</c> for <c>:</c>: <c>HEMATOLOGY__ANALYZERS__0__SOURCE__PASSWORD</c>.
    /// </summary>
    public static IConfigurationRoot LoadConfiguration(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new CliException($"The configuration file {file.FullName} does not exist.", "Pass --config with the path of your site's JSON file (samples in docs/samples/).", ExitCodes.NotFound);
        }

        try
        {
            return new ConfigurationBuilder()
                .SetBasePath(file.DirectoryName!)
                .AddJsonFile(file.FullName, optional: false, reloadOnChange: false)
                .AddEnvironmentVariables()
                .Build();
        }
        catch (InvalidDataException ex)
        {
            throw new CliException($"The configuration file {file.FullName} is not valid JSON: {ex.InnerException?.Message ?? ex.Message}", "Check the file's syntax (a JSON linter helps).", ExitCodes.InvalidConfiguration);
        }
    }

    /// <summary>Finds the spool folder from --spool, or from the configuration file's spool setting.</summary>
    public static string ResolveSpool(ParseResult parse, Option<FileInfo?> config, Option<DirectoryInfo?> spool)
    {
        if (parse.GetValue(spool) is { } dir)
        {
            return dir.FullName;
        }

        if (parse.GetValue(config) is { } file)
        {
            return Commands.SiteConfiguration.Load(file).SpoolDirectory;
        }

        throw new CliException("No spool given.", "Pass --config site.json or --spool DIR.", ExitCodes.Usage);
    }

    /// <summary>Runs a command body, turning errors into one clear line, a hint and an exit code.</summary>
    public static async Task<int> RunAsync(ParseResult parse, Func<Task<int>> body)
    {
        var error = parse.InvocationConfiguration.Error;
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            await error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            if (ex.Hint is not null)
            {
                await error.WriteLineAsync("hint: " + ex.Hint).ConfigureAwait(false);
            }

            if (parse.GetValue(Verbose) && ex.InnerException is not null)
            {
                await error.WriteLineAsync(ex.InnerException.ToString()).ConfigureAwait(false);
            }

            return ex.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("Stopped.").ConfigureAwait(false);
            return ExitCodes.Success;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await error.WriteLineAsync($"error: {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
            if (parse.GetValue(Verbose))
            {
                await error.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
            }
            else
            {
                await error.WriteLineAsync("hint: run again with --verbose for details.").ConfigureAwait(false);
            }

            return ExitCodes.Unexpected;
        }
    }
}
