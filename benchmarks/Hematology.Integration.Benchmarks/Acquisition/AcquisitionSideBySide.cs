using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Hematology.Integration.Acquisition;

namespace Hematology.Integration.Benchmarks;

/// <summary>Registers the acquisition side-by-side runner.</summary>
internal static partial class SideBySideRegistry
{
    static partial void RegisterAcquisition() => SideBySide.Register("acquisition", AcquisitionSideBySide.RunAsync);
}

/// <summary>
/// Acquires N files of 2 KB from a real vsftpd on loopback — list, stabilise, claim (RNFR/RNTO), download, fsync,
/// SHA-256, delete — once with the default claim (RNFR/RNTO into processing/), once without, once with the claim sent pipelined
/// (<c>PipelineCommands</c>), and, in the same run
/// on the same server, lets lftp mirror the same files with <c>--Remove-source-files</c>. Rounds alternate; prints
/// files per second, the ratio, and the most FTP sessions seen open at once (sampled from /proc/net/tcp). Needs root (vsftpd) and the account ftpuser/ftppass.
/// Usage: <c>side-by-side acquisition [files=1000] [rounds=3]</c>.
/// </summary>
internal static class AcquisitionSideBySide
{
    private const int FileSize = 2048;

    public static async Task<int> RunAsync(string[] args)
    {
        var files = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        await using var server = await BenchVsftpd.StartAsync();
        if (Environment.GetEnvironmentVariable("ACQ_BENCH_RAW") is not null)
        {
            await RawAsync(server, files);
        }
        var ours = new List<double>();
        var unclaimed = new List<double>();
        var pipelined = new List<double>();
        var lftp = new List<double>();
        var maxSessions = 0;
        List<CpuPerFile> oursCpu = [], unclaimedCpu = [], pipelinedCpu = [], lftpCpu = [];
        // Round 0 is a warm-up, not counted: our code's first thousand files include the JIT's start-up.
        for (var round = 0; round <= rounds; round++)
        {
            double rate = 0, unclaimedRate = 0, pipelinedRate = 0, lftpRate = 0;
            var sessions = 0;
            var contenders = new Func<Task>[]
            {
                async () => (rate, sessions) = await OursAsync(server, files, claim: true, cpu: round == 0 ? null : oursCpu),
                async () =>
                {
                    (unclaimedRate, var unclaimedSessions) = await OursAsync(server, files, claim: false, cpu: round == 0 ? null : unclaimedCpu);
                    maxSessions = Math.Max(maxSessions, unclaimedSessions);
                },
                async () =>
                {
                    (pipelinedRate, var pipelinedSessions) = await OursAsync(server, files, claim: true, pipelineCommands: true, cpu: round == 0 ? null : pipelinedCpu);
                    maxSessions = Math.Max(maxSessions, pipelinedSessions);
                },
                async () => lftpRate = await LftpAsync(server, files, round == 0 ? [] : lftpCpu),
            };

            // Each round starts with the next contender, so no one always runs first or last (the VM's speed drifts
            // within a round, and background writeback of the previous contender's files lands on the next one).
            for (var i = 0; i < contenders.Length; i++)
            {
                await contenders[(round + i) % contenders.Length]();
            }

            maxSessions = Math.Max(maxSessions, sessions);
            if (round == 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up (not counted): ours {rate:F0} files/s, lftp {lftpRate:F0} files/s"));
                continue;
            }

            ours.Add(rate);
            unclaimed.Add(unclaimedRate);
            pipelined.Add(pipelinedRate);
            lftp.Add(lftpRate);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: ours {rate:F0} files/s (max {sessions} session(s) open), ours without claim {unclaimedRate:F0} files/s, ours with PipelineCommands {pipelinedRate:F0} files/s, lftp mirror --Remove-source-files {lftpRate:F0} files/s, ratio ours/lftp {rate / lftpRate:F2}, pipelined/lftp {pipelinedRate / lftpRate:F2}"));
        }

        var oursMedian = SideBySide.Median(ours);
        var lftpMedian = SideBySide.Median(lftp);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"acquisition, {files} x {FileSize} B from vsftpd 3.0.3 on loopback, {rounds} rounds (median):"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Hematology.Integration.Acquisition  {oursMedian,8:F0} files/s  [{ours.Min():F0}-{ours.Max():F0}]  max sessions open: {maxSessions} (limit 1)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  same, ProcessingFolder = \"\"       {SideBySide.Median(unclaimed),8:F0} files/s  [{unclaimed.Min():F0}-{unclaimed.Max():F0}]"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  same, PipelineCommands = true      {SideBySide.Median(pipelined),8:F0} files/s  [{pipelined.Min():F0}-{pipelined.Max():F0}]  (claim on; not the default)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  lftp mirror --Remove-source-files  {lftpMedian,8:F0} files/s  [{lftp.Min():F0}-{lftp.Max():F0}]"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ratio ours/lftp: {oursMedian / lftpMedian:F2} (ratio of the medians); median of the per-round ratios {SideBySide.Median(ours.Zip(lftp, (o, l) => o / l).ToList()):F2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ratio ours with PipelineCommands/lftp: {SideBySide.Median(pipelined) / lftpMedian:F2} (ratio of the medians); median of the per-round ratios {SideBySide.Median(pipelined.Zip(lftp, (o, l) => o / l).ToList()):F2}"));
        Console.WriteLine("  CPU per file (median over the rounds; client = our process or lftp, server = vsftpd and its session):");
        foreach (var (name, samples) in new[] { ("ours", oursCpu), ("ours without claim", unclaimedCpu), ("ours with PipelineCommands", pipelinedCpu), ("lftp", lftpCpu) })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {name,-28} client {SideBySide.Median(samples.ConvertAll(c => c.Client)),6:F0} us (kernel {SideBySide.Median(samples.ConvertAll(c => c.ClientSystem)),6:F0} us), server {SideBySide.Median(samples.ConvertAll(c => c.Server)),6:F0} us"));
        }

        return maxSessions <= 1 && oursMedian >= lftpMedian ? 0 : 1;
    }

    internal static async Task<(double Rate, int MaxSessions)> OursAsync(BenchVsftpd server, int count, bool claim, bool pipelineCommands = false, List<CpuPerFile>? cpu = null)
    {
        var folder = server.Fill(pipelineCommands ? "ours-pipelined" : claim ? "ours" : "ours-unclaimed", count, FileSize);
        var spool = LocalWorkFolder.CreateRun("acq-bench-spool-");
        try
        {
            var clock = new ManualClock();
            var acquired = 0;
            var options = new AcquisitionOptions { SpoolDirectory = spool, PollJitter = 0 };
            await using var poller = new AcquisitionPoller(options, _ =>
            {
                acquired++;
                return ValueTask.CompletedTask;
            }, null, clock);
            var source = new FtpFileSource(new FtpSourceOptions
            {
                AnalyzerId = "bench",
                Host = "127.0.0.1",
                Port = server.Port,
                User = "ftpuser",
                Password = "ftppass",
                RemoteDirectory = "/" + folder,
                MaxConnections = 1,
                ProcessingFolder = claim ? "processing" : string.Empty,
                PipelineCommands = pipelineCommands,
            });
            poller.Add(source);
            using var sampler = new SessionSampler(server.ProcessId);
            var clientCpu = ProcessCpu.Of(Environment.ProcessId);
            var serverCpu = ProcessCpu.Of(server.ProcessId).Total;
            var watch = Stopwatch.StartNew();
            await poller.PollOnceAsync(source);            // first observation
            clock.Advance(options.Stability.Window);        // the stability window passes (no sleeping in a benchmark)
            await poller.PollOnceAsync(source);            // second observation: stable -> claim, download, fsync, delete
            watch.Stop();
            if (acquired != count || server.Remaining(folder) != 0 || server.Remaining(folder + "/processing") != 0)
            {
                throw new InvalidOperationException($"Acquired {acquired} of {count}; {server.Remaining(folder)} left on the server.");
            }

            var clientAfter = ProcessCpu.Of(Environment.ProcessId);
            var rate = count / watch.Elapsed.TotalSeconds;
            var maxSessions = sampler.Stop();
            if (cpu is not null)
            {
                await source.DisposeAsync(); // QUIT: vsftpd reaps the session process, whose CPU time then counts
                var serverAfter = await ProcessCpu.AfterSessionsEndAsync(server.ProcessId);
                cpu.Add(new CpuPerFile((clientAfter.Own - clientCpu.Own) * 1e6 / count, (clientAfter.OwnSystem - clientCpu.OwnSystem) * 1e6 / count, (serverAfter - serverCpu) * 1e6 / count));
            }

            return (rate, maxSessions);
        }
        finally
        {
            LocalWorkFolder.DeleteLater(spool);
        }
    }

    private static async Task RawAsync(BenchVsftpd server, int count)
    {
        var folder = server.Fill("raw", count, FileSize);
#pragma warning disable CA2000
        var options = new FtpSourceOptions { AnalyzerId = "bench", Host = "127.0.0.1", Port = server.Port, User = "ftpuser", Password = "ftppass", RemoteDirectory = "/" + folder };
        await using var client = new FtpClient(options, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        await client.ConnectAsync(CancellationToken.None);
        var listing = await client.ListAsync(CancellationToken.None);
        var watch = Stopwatch.StartNew();
        foreach (var e in listing.Entries)
        {
            await client.DownloadAsync(e.Name, 0, (_, _) => ValueTask.CompletedTask, CancellationToken.None);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw RETR only: {count / watch.Elapsed.TotalSeconds:F0} files/s"));
        watch.Restart();
        foreach (var e in listing.Entries)
        {
            await client.SizeAsync(e.Name, CancellationToken.None);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw SIZE only: {count / watch.Elapsed.TotalSeconds:F0} commands/s"));
        await client.MakeDirectoryAsync("processing", CancellationToken.None);
        watch.Restart();
        foreach (var e in listing.Entries)
        {
            await client.RenameAsync(e.Name, "processing/" + e.Name, CancellationToken.None);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw RNFR+RNTO: {count / watch.Elapsed.TotalSeconds:F0} files/s"));
        watch.Restart();
        foreach (var e in listing.Entries)
        {
            await client.DeleteAsync("processing/" + e.Name, CancellationToken.None);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw DELE: {count / watch.Elapsed.TotalSeconds:F0} files/s"));
        folder = server.Fill("raw2", count, FileSize);
        await using var source = new FtpFileSource(new FtpSourceOptions { AnalyzerId = "bench", Host = "127.0.0.1", Port = server.Port, User = "ftpuser", Password = "ftppass", RemoteDirectory = "/" + folder });
        var files = (await source.ListAsync()).Files;
        var spool = LocalWorkFolder.CreateRun("acq-bench-raw-");
        var acquirer = new FileAcquirer(spool, new StabilityOptions(), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var tDownload = new Stopwatch();
        var tCommit = new Stopwatch();
        var tRemove = new Stopwatch();
        foreach (var f in files)
        {
            tDownload.Start();
            var d = await acquirer.DownloadAsync(source, f, 1, 1_000_000, CancellationToken.None);
            tDownload.Stop();
            tCommit.Start();
            await acquirer.CommitAsync(d!, CancellationToken.None);
            tCommit.Stop();
            tRemove.Start();
            await source.RemoveAsync(d!.Claim);
            tRemove.Stop();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"acquirer per file: download {tDownload.Elapsed.TotalMilliseconds / count:F2} ms, commit {tCommit.Elapsed.TotalMilliseconds / count:F2} ms, remove {tRemove.Elapsed.TotalMilliseconds / count:F2} ms"));
        LocalWorkFolder.DeleteLater(spool);
    }

    private static async Task<double> LftpAsync(BenchVsftpd server, int count, List<CpuPerFile> cpu)
    {
        var folder = server.Fill("lftp", count, FileSize);
        var target = LocalWorkFolder.CreateRun("acq-bench-lftp-");
        try
        {
            var psi = new ProcessStartInfo("lftp") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "-u", "ftpuser,ftppass", "-e", $"set ftp:ssl-allow no; set cmd:fail-exit yes; mirror --Remove-source-files {folder} {target}; quit", "ftp://127.0.0.1:" + server.Port.ToString(CultureInfo.InvariantCulture) })
            {
                psi.ArgumentList.Add(a);
            }

            var clientCpu = ProcessCpu.Of(Environment.ProcessId);
            var serverCpu = ProcessCpu.Of(server.ProcessId).Total;
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(psi)!;
            var stderr = process.StandardError.ReadToEndAsync();
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            watch.Stop();
            var copied = Directory.GetFiles(target).Length;
            if (process.ExitCode != 0 || copied != count || server.Remaining(folder) != 0)
            {
                throw new InvalidOperationException($"lftp exit {process.ExitCode}, copied {copied} of {count}, {server.Remaining(folder)} left: {await stderr}");
            }

            var rate = count / watch.Elapsed.TotalSeconds;
            var clientAfter = ProcessCpu.Of(Environment.ProcessId);
            var serverAfter = await ProcessCpu.AfterSessionsEndAsync(server.ProcessId);
            cpu.Add(new CpuPerFile((clientAfter.Children - clientCpu.Children) * 1e6 / count, (clientAfter.ChildrenSystem - clientCpu.ChildrenSystem) * 1e6 / count, (serverAfter - serverCpu) * 1e6 / count));
            return rate;
        }
        finally
        {
            LocalWorkFolder.DeleteLater(target);
        }
    }

    /// <summary>A clock that follows the system clock plus an offset the benchmark moves forward.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _offsetTicks;

        public void Advance(TimeSpan delta) => Interlocked.Add(ref _offsetTicks, delta.Ticks);

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

        public override long GetTimestamp() => System.GetTimestamp() + (long)(Interlocked.Read(ref _offsetTicks) * (System.TimestampFrequency / (double)TimeSpan.TicksPerSecond));
    }

    /// <summary>
    /// The most FTP sessions open at once: vsftpd (standalone, <c>listen=YES</c>) forks one child of its listener per
    /// control connection, so the listener's children are counted every 2 ms
    /// (<c>/proc/&lt;pid&gt;/task/&lt;pid&gt;/children</c>). A session whose connection has just closed but whose process
    /// has not yet exited still counts, so the figure can only err high. (Reading <c>/proc/net/tcp</c> instead, as
    /// before, cost our process 10-15 % of its CPU while thousands of data connections sat in TIME_WAIT.)
    /// </summary>
    private sealed class SessionSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private int _max;

        public SessionSampler(int listenerPid)
        {
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    _max = Math.Max(_max, ProcessCpu.ChildCount(listenerPid));
                    try
                    {
                        await Task.Delay(2, _stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            });
        }

        public int Stop()
        {
            _stop.Cancel();
            _loop.Wait();
            return _max;
        }

        public void Dispose() => _stop.Dispose();
    }
}

/// <summary>CPU seconds of a process from <c>/proc/&lt;pid&gt;/stat</c>: its own and its waited-for children's, each also in the kernel alone.</summary>
internal readonly record struct ProcessCpu(double Own, double Children, double OwnSystem, double ChildrenSystem)
{
    /// <summary>Gets the process's own CPU time plus its waited-for children's.</summary>
    public double Total => Own + Children;

    /// <summary>Reads a process's CPU times (clock ticks of 10 ms).</summary>
    public static ProcessCpu Of(int pid)
    {
        var text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        double Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture) / 100.0;
        return new ProcessCpu(Field(14) + Field(15), Field(16) + Field(17), Field(15), Field(17));
    }

    /// <summary>A server's total CPU time once its session processes have ended and been reaped (waits up to 1 s).</summary>
    public static async Task<double> AfterSessionsEndAsync(int serverPid)
    {
        for (var i = 0; i < 50 && ChildCount(serverPid) > 0; i++)
        {
            await Task.Delay(20);
        }

        return Of(serverPid).Total;
    }

    /// <summary>How many child processes <paramref name="pid"/> has now (<c>/proc/&lt;pid&gt;/task/&lt;pid&gt;/children</c>).</summary>
    public static int ChildCount(int pid)
    {
        var path = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/task/{pid.ToString(CultureInfo.InvariantCulture)}/children";
        return File.Exists(path) ? File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries).Length : 0;
    }
}

/// <summary>CPU microseconds per file: the client's (ours or lftp), of which in the kernel, and the server's.</summary>
internal readonly record struct CpuPerFile(double Client, double ClientSystem, double Server);
