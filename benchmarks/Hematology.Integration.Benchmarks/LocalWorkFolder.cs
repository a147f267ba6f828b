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
/// again when recreated), so the folder is probed once per command and a fresh one used when it is slow (<see cref="RunsParent"/>). <c>HEMATOLOGY_BENCH_DIR</c> overrides the place (for
/// example <c>/tmp</c>, to compare). Run folders are deleted when the command ends (<see cref="DeleteLater"/>), not
/// between rounds: on a filesystem without a journal, ext4 skips inodes freed in the last 60 s (up to 360 s while their
/// inode-table block is not yet written back) when it creates a
/// file, so one round's clean-up would slow the next round's file creation.
/// </remarks>
internal static class LocalWorkFolder
{
    /// <summary>A new, empty folder for one benchmark run, named <paramref name="prefix"/> plus a random suffix.</summary>
    public static string CreateRun(string prefix)
    {
        var folder = Path.Combine(RunsParent(), prefix + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>
    /// A new, empty folder for a benchmark's FTP server root: on tmpfs (<c>/dev/shm</c>, or
    /// <c>HEMATOLOGY_BENCH_SERVER_DIR</c>) when there is one, else <see cref="CreateRun"/>. In the field the analyzer
    /// is another machine, so its file deletions never touch the spool's disk. On one VM they would: every DELE frees
    /// an inode on the same ext4 (no journal) as the spool, and for the next 60 s or more each file the contender creates
    /// walks over the freed inodes of its block group (measured with <c>perf</c>: over half of our process's samples
    /// in <c>openat</c> → <c>find_inode_bit</c>/<c>recently_deleted</c>, growing through the run) — the server's
    /// own deletions slowed the client that caused them.
    /// </summary>
    public static string CreateServerRun(string prefix)
    {
        var parent = Environment.GetEnvironmentVariable("HEMATOLOGY_BENCH_SERVER_DIR") is { Length: > 0 } configured ? configured
            : Directory.Exists("/dev/shm") ? "/dev/shm"
            : null;
        if (parent is null)
        {
            return CreateRun(prefix);
        }

        var folder = Path.Combine(parent, prefix + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    private const double SlowMicrosecondsPerFile = 150;
    private static string? runsParent;

    /// <summary>
    /// The parent of the run folders, chosen once per process: <c>HEMATOLOGY_BENCH_DIR</c> when set, else
    /// <c>benchmarks/.work/runs/</c>. Creating small files there is timed and printed, because the same file system has
    /// been measured at 20-70 us per file in one folder and 300-900 us in another, and a folder has turned from one to
    /// the other within a day (after heavy churn; recreating it helped). Above <see cref="SlowMicrosecondsPerFile"/> a
    /// file-heavy round measures the file system rather than the code, so a fresh sibling folder is made and probed,
    /// and used if it is faster (it is deleted when the command ends).
    /// </summary>
    private static string RunsParent()
    {
        lock (Deferred)
        {
            if (runsParent is not null)
            {
                return runsParent;
            }

            var chosen = Environment.GetEnvironmentVariable("HEMATOLOGY_BENCH_DIR") is { Length: > 0 } configured ? configured : null;
            var parent = chosen ?? Get("runs");
            WaitOutRecentCleanUp();
            var cost = ProbeCreateCost(parent);
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"work folder {parent}: creating and writing a 2 KB file costs {cost:F0} us{(cost > SlowMicrosecondsPerFile ? " -- SLOW" : string.Empty)}"));
            if (cost > SlowMicrosecondsPerFile && chosen is null)
            {
                var fresh = Get("runs-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture));
                var freshCost = ProbeCreateCost(fresh);
                Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"work folder {fresh}: {freshCost:F0} us{(freshCost < cost ? " -- used for this command" : " -- not faster; staying with the first")}"));
                Deferred.Add(fresh);
                if (freshCost < cost)
                {
                    parent = fresh;
                }
            }

            return runsParent = parent;
        }
    }

    /// <summary>
    /// How long ext4 without a journal keeps skipping a freed inode when it creates a file, plus a margin: 60 s once the
    /// inode-table block holding it is written back, 360 s while it is dirty (<c>RECENTCY_MIN</c> and
    /// <c>RECENTCY_DIRTY</c> in <c>fs/ext4/ialloc.c</c>). <see cref="DeleteDeferred"/> syncs after its deletions, so 60 s apply.
    /// </summary>
    private static readonly TimeSpan InodeQuarantine = TimeSpan.FromSeconds(62);

    /// <summary>Where <see cref="DeleteDeferred"/> notes when it last freed files.</summary>
    private static string CleanUpMarker => Path.Combine(Get("."), "last-clean-up");

    /// <summary>
    /// Waits until the previous command's clean-up is at least <see cref="InodeQuarantine"/> old: measured here, a
    /// command started right after another one's clean-up (thousands of files deleted) created its files several
    /// times slower than the same command 40 s later (acquisition: 0.86 against 1.17 of lftp, same build), because
    /// every new file walked over the inodes just freed.
    /// </summary>
    private static void WaitOutRecentCleanUp()
    {
        if (!File.Exists(CleanUpMarker))
        {
            return;
        }

        var wait = File.GetLastWriteTimeUtc(CleanUpMarker) + InodeQuarantine - DateTime.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"waiting {wait.TotalSeconds:F0} s: the previous command deleted its work files less than {InodeQuarantine.TotalSeconds:F0} s ago"));
            Thread.Sleep(wait);
        }
    }

    /// <summary>Microseconds to create and write one 2 KB file in <paramref name="parent"/> (200 files, after one untimed).</summary>
    private static double ProbeCreateCost(string parent)
    {
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
        Deferred.Add(probe); // deleted when the command ends: freeing inodes now would slow the files created next
        return perFile;
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
            var deleted = false;
            foreach (var folder in Deferred.Where(Directory.Exists))
            {
                Directory.Delete(folder, recursive: true);
                deleted = true;
            }

            Deferred.Clear();
            if (deleted)
            {
                // Written back now, the freed inodes' table blocks are clean: ext4 then skips them for 60 s, not 360 s.
                try
                {
                    using var sync = System.Diagnostics.Process.Start("sync");
                    sync?.WaitForExit();
                }
                catch (System.ComponentModel.Win32Exception)
                {
                    // No 'sync' command here: the next command then waits out the shorter window only.
                }

                File.WriteAllText(CleanUpMarker, DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            }
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
