using System.CommandLine;
using Hematology.Integration.Cli.Commands;

namespace Hematology.Integration.Cli;

/// <summary>Builds the <c>hematology</c> command tree and runs it.</summary>
public static class HematologyCommand
{
    /// <summary>Creates the root command with every sub-command.</summary>
    /// <returns>The root command.</returns>
    public static RootCommand Create()
    {
        var root = new RootCommand(
            "Carries hematology-analyzer results into a LIMS safely: acquire exports, validate them, map them to " +
            "HL7 v2.5.1 ORU^R01, deliver them over MLLP, and keep a tamper-evident audit trail.")
        {
            CliContext.Verbose,
        };
        root.Add(DemoCommand.Create());
        root.Add(RunCommand.Create());
        root.Add(ValidateCommand.Create());
        root.Add(ConfigCommands.Create());
        root.Add(QuarantineCommands.Create());
        root.Add(AuditCommands.Create());
        root.Add(PauseCommands.CreatePause());
        root.Add(PauseCommands.CreateResume());
        return root;
    }

    /// <summary>Parses and runs a command line; a command line that does not parse exits with <see cref="ExitCodes.Usage"/>.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="configuration">Where output and errors go; <see langword="null"/> for the console.</param>
    /// <param name="cancellationToken">Stops the command (Ctrl+C is also handled).</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        configuration ??= new InvocationConfiguration();
        var parse = Create().Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is System.CommandLine.Invocation.ParseErrorAction)
        {
            foreach (var error in parse.Errors)
            {
                await configuration.Error.WriteLineAsync("error: " + error.Message).ConfigureAwait(false);
            }

            await configuration.Error.WriteLineAsync("hint: run 'hematology --help' (or add --help after the command) for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }
}
