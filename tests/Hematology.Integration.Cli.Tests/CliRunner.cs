using System.CommandLine;

namespace Hematology.Integration.Cli.Tests;

/// <summary>The result of one in-process run of the <c>hematology</c> command.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error);

/// <summary>Runs the command through its real entry point, in process, capturing what it prints.</summary>
internal static class CliRunner
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await HematologyCommand.RunAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return new CliRun(exit, output.ToString(), error.ToString());
    }
}
