using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hematology.Integration.Cli.Commands;

/// <summary><c>hematology run --config FILE</c>: the long-running host for a real site.</summary>
internal static class RunCommand
{
    /// <summary>How long a stop (Ctrl+C, SIGTERM) waits for in-flight work before the host gives up.</summary>
    internal static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    public static Command Create()
    {
        var config = ConfigCommands.RequiredConfigOption();
        var run = new Command("run", "Run the pipeline for a real site: poll the analyzers, deliver to the LIMS, keep the audit trail. Logs to the console; Ctrl+C or SIGTERM stops gracefully, finishing in-flight work.")
        {
            config,
        };
        run.SetAction((parse, ct) => CliContext.RunAsync(parse, async () =>
        {
            var site = SiteConfiguration.Load(parse.GetRequiredValue(config));
            var errors = site.Errors();
            if (errors.Count > 0)
            {
                var error = parse.InvocationConfiguration.Error;
                await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"error: {site.File.Name} has {errors.Count} configuration error(s):")).ConfigureAwait(false);
                foreach (var message in errors)
                {
                    await error.WriteLineAsync("  - " + message).ConfigureAwait(false);
                }

                await error.WriteLineAsync("hint: fix them and check again with 'hematology config check --config FILE'.").ConfigureAwait(false);
                return ExitCodes.InvalidConfiguration;
            }

            using var host = Build(site, parse.GetValue(CliContext.Verbose) ? LogLevel.Debug : LogLevel.Information);
            await host.RunAsync(ct).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return run;
    }

    /// <summary>Builds the host: the configuration as given, console logging, and the pipeline.</summary>
    internal static IHost Build(SiteConfiguration site, LogLevel minimumLevel)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Configuration.AddConfiguration(site.Configuration);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(minimumLevel);
        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "yyyy-MM-dd HH:mm:ss ";
            options.UseUtcTimestamp = true;
        });
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddHematologyPipeline(site.Configuration);
        return builder.Build();
    }
}
