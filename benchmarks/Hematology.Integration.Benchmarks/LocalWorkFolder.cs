namespace Hematology.Integration.Benchmarks;

/// <summary>
/// Where benchmarks put generated data: <c>benchmarks/.work/</c> of the repository (git-ignored), found from the
/// working directory or the binaries' folder; the system temp folder only when run outside a checkout.
/// </summary>
/// <remarks>
/// The file-heavy benchmarks (acquisition, pipeline, lftp) create their spools and FTP roots here too, through
/// <see cref="CreateRun"/>, not in the system temp folder: on the benchmark VM creating a file in <c>/tmp</c> cost
/// 300-900 us against 20-30 us elsewhere on the same filesystem (ext4, no journal), which measured the temp folder's
/// churn rather than our code. A folder can turn slow like that after heavy churn (this one did once, and was fast
/// again when recreated), so the first run folder of a command is probed and the cost printed (<see cref="ProbeOnce"/>). <c>HEMATOLOGY_BENCH_DIR</c> overrides the place (for
/// example <c>/tmp</c>, to compare). Run folders are deleted when the command ends (<see cref="DeleteLater"/>), not
/// between rounds: on a filesystem without a journal, ext4 skips inodes freed in the last 30 s when it creates a
/// file, so one round's clean-up would slow the next round's file creation.
/// </remarks>
internal static class LocalWorkFolder
{
    /// <summary>A new, empty folder for one benchmark run, named <paramref name="prefix"/> plus a random suffix.</summary>
    public static string CreateRun(string prefix)
    {
        var parent = Environment.GetEnvironmentVariable("HEMATOLOGY_BENCH_DIR") is { Length: > 0 } chosen
            ? chosen
            : Get("runs");
        var folder = Path.Combine(parent, prefix + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(folder);
        ProbeOnce(parent);
        return folder;
    }

    private static bool probed;

    /// <summary>
    /// Once per process: times the creation of small files beside the run folders and prints it, because the same
    /// file system has been measured at 20-70 us per file in one folder and 300-900 us in another (and a folder has
    /// changed from one to the other within a day). Above about 150 us per file a file-heavy round measures the file
    /// system rather than the code: recreate the folder or point <c>HEMATOLOGY_BENCH_DIR</c> elsewhere.
    /// </summary>
    private static void ProbeOnce(string parent)
    {
        lock (Deferred)
        {
            if (probed)
            {
                return;
            }

            probed = true;
        }

        const int Files = 200;
        var probe = Path.Combine(parent, "probe-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(probe);
        var payload = new byte[2048];
        File.WriteAllBytes(Path.Combine(probe, "warm-up"), payload); // the first write pays for the JIT
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var i = 0; i < Files; i++)
        {
            File.WriteAllBytes(Path.Combine(probe, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), payload);
        }

        var perFile = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMicroseconds / Files;
        DeleteLater(probe);
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"work folder {parent}: creating and writing a 2 KB file costs {perFile:F0} us (probe of {Files}){(perFile > 150 ? " -- SLOW: this round measures the file system; recreate the folder or set HEMATOLOGY_BENCH_DIR" : string.Empty)}"));
    }

    public static string Get(string name)
    {
        var root = Find(Environment.CurrentDirectory) ?? Find(AppContext.BaseDirectory);
        var folder = root is null
            ? Path.Combine(Path.GetTempPath(), "hematology-benchmarks", name)
            : Path.Combine(root, "benchmarks", ".work", name);
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static readonly List<string> Deferred = [];

    /// <summary>Deletes <paramref name="folder"/> when the command ends (<see cref="DeleteDeferred"/>).</summary>
    public static void DeleteLater(string folder)
    {
        lock (Deferred)
        {
            Deferred.Add(folder);
        }
    }

    /// <summary>Deletes every folder passed to <see cref="DeleteLater"/>.</summary>
    public static void DeleteDeferred()
    {
        lock (Deferred)
        {
            foreach (var folder in Deferred.Where(Directory.Exists))
            {
                Directory.Delete(folder, recursive: true);
            }

            Deferred.Clear();
        }
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
