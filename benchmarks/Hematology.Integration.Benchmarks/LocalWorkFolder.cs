namespace Hematology.Integration.Benchmarks;

/// <summary>
/// Where benchmarks put generated data: <c>benchmarks/.work/</c> of the repository (git-ignored), found from the
/// working directory or the binaries' folder; the system temp folder only when run outside a checkout.
/// </summary>
internal static class LocalWorkFolder
{
    public static string Get(string name)
    {
        var root = Find(Environment.CurrentDirectory) ?? Find(AppContext.BaseDirectory);
        var folder = root is null
            ? Path.Combine(Path.GetTempPath(), "hematology-benchmarks", name)
            : Path.Combine(root, "benchmarks", ".work", name);
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hematology.Integration.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
