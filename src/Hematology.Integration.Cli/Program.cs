namespace Hematology.Integration.Cli;

/// <summary>The entry point of the <c>hematology</c> command.</summary>
public static class Program
{
    /// <summary>Runs the command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The process exit code (see <see cref="ExitCodes"/>).</returns>
    public static Task<int> Main(string[] args) => HematologyCommand.RunAsync(args);
}
