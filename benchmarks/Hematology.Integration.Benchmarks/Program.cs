using BenchmarkDotNet.Running;

namespace Hematology.Integration.Benchmarks;

/// <summary>
/// Runs the suite's benchmarks: <c>dotnet run -c Release --project benchmarks/Hematology.Integration.Benchmarks -- --filter '*'</c>.
/// Some areas also have a custom runner for side-by-side measurements against real peers (see docs/performance.md).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        try
        {
            if (args.Length > 0 && SideBySide.TryRun(args, out var exitCode))
            {
                return exitCode;
            }
        }
        finally
        {
            LocalWorkFolder.DeleteDeferred();
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
