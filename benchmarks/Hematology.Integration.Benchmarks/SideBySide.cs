namespace Hematology.Integration.Benchmarks;

/// <summary>
/// Dispatches side-by-side measurements (our code against a real peer or a baseline, in one run) that do not fit
/// BenchmarkDotNet's model. Each area registers its runner by name: <c>dotnet run -c Release -- side-by-side NAME</c>.
/// </summary>
internal static class SideBySide
{
    private static readonly Dictionary<string, Func<string[], Task<int>>> Runners = new(StringComparer.OrdinalIgnoreCase);

    public static void Register(string name, Func<string[], Task<int>> runner) => Runners[name] = runner;

    /// <summary>The median of the runners' per-round figures (the mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public static bool TryRun(string[] args, out int exitCode)
    {
        exitCode = 0;
        if (!string.Equals(args[0], "side-by-side", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        SideBySideRegistry.RegisterAll();
        if (args.Length < 2 || !Runners.TryGetValue(args[1], out var runner))
        {
            Console.Error.WriteLine($"side-by-side: name one of: {string.Join(", ", Runners.Keys.Order(StringComparer.Ordinal))}");
            exitCode = 2;
            return true;
        }

        exitCode = runner(args[2..]).GetAwaiter().GetResult();
        return true;
    }
}
