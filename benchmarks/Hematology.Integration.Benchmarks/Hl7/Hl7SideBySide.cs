using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Hematology.Integration.Hl7Mapping;

namespace Hematology.Integration.Benchmarks;

/// <summary>
/// Side-by-side: our parser against python3-hl7 (<c>hl7.parse</c>, timed with <c>timeit</c>) on the same 25-OBX
/// ORU^R01, in one run. <c>dotnet run -c Release --project benchmarks/Hematology.Integration.Benchmarks -- side-by-side hl7</c>.
/// </summary>
internal static partial class SideBySideRegistry
{
    static partial void RegisterHl7() => SideBySide.Register("hl7", Hl7SideBySide.RunAsync);
}

internal static class Hl7SideBySide
{
    private const string Python = "/usr/bin/python3";

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 && double.TryParse(args[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : 3.0;
        var message = Benchmarks.Hl7.Hl7Samples.EncodedCbc25();
        var file = Path.Combine(Path.GetTempPath(), "hl7-side-by-side-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".hl7");
        await File.WriteAllBytesAsync(file, message);
        try
        {
            var (ours, oursCpu) = Measure(() => Hl7Message.Parse(message).SegmentCount, seconds);
            var (oursWithValues, oursWithValuesCpu) = Measure(() => ReadAll(Hl7Message.Parse(message)), seconds);
            var builder = new OruBuilder(Benchmarks.Hl7.Hl7Samples.Options());
            var report = Benchmarks.Hl7.Hl7Samples.Cbc25();
            var controlId = Hl7Header.Read(message).ControlId;
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(8192);
            var (encode, encodeCpu) = Measure(() => { buffer.ResetWrittenCount(); return (int)builder.Write(buffer, report, controlId); }, seconds);
            var ack = new AckBuilder().BuildUtf8(Hl7Header.Read(message), AckCode.ApplicationAccept);
            var (ackParse, ackParseCpu) = Measure(() => (int)Hl7Ack.Parse(ack).Code, seconds);
            Console.WriteLine($"message: ORU^R01, {message.Length} bytes, 25 OBX; ACK {ack.Length} bytes");
            Console.WriteLine("(per wall-clock second, and per CPU-second of this process = on one core, less sensitive to other load)");
            Console.WriteLine($"ours  OruBuilder.Write (encode)        : {encode,12:N0} /s wall  {encodeCpu,12:N0} /s per CPU-second");
            Console.WriteLine($"ours  Hl7Message.Parse                 : {ours,12:N0} /s wall  {oursCpu,12:N0} /s per CPU-second");
            Console.WriteLine($"ours  Hl7Message.Parse + every OBX-5   : {oursWithValues,12:N0} /s wall  {oursWithValuesCpu,12:N0} /s per CPU-second");
            Console.WriteLine($"ours  Hl7Ack.Parse                     : {ackParse,12:N0} /s wall  {ackParseCpu,12:N0} /s per CPU-second");

            if (!File.Exists(Python))
            {
                Console.Error.WriteLine($"{Python} is missing (python3-hl7 peer); no ratio.");
                return 1;
            }

            var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(ScriptPath());
            psi.ArgumentList.Add(file);
            psi.ArgumentList.Add(seconds.ToString(CultureInfo.InvariantCulture));
            using var process = Process.Start(psi)!;
            var stdout = await process.StandardOutput.ReadToEndAsync();
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                Console.Error.WriteLine("python3-hl7 run failed: " + stderr);
                return process.ExitCode;
            }

            var lines = stdout.Trim().Split('\n');
            var python = double.Parse(lines[^2], CultureInfo.InvariantCulture);
            var pythonCpu = double.Parse(lines[^1], CultureInfo.InvariantCulture);
            Console.WriteLine($"python3-hl7 hl7.parse (timeit)        : {python,12:N0} /s wall  {pythonCpu,12:N0} /s per CPU-second");
            Console.WriteLine($"ratio ours / python3-hl7 (parse)      : {ours / python,12:N1}x wall  {oursCpu / pythonCpu,12:N1}x per CPU-second");
            return 0;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static int ReadAll(Hl7Message message)
    {
        var total = 0;
        foreach (var segment in message.Segments)
        {
            if (segment.Id == "OBX")
            {
                total += segment.GetField(5).Value.Length;
            }
        }

        return total;
    }

    /// <summary>Best of three rounds: operations per wall-clock second and per CPU-second of this process.</summary>
    private static (double Wall, double Cpu) Measure(Func<int> action, double seconds)
    {
        for (var i = 0; i < 20_000; i++)
        {
            action();
        }

        var best = 0.0;
        var bestCpu = 0.0;
        using var process = Process.GetCurrentProcess();
        for (var round = 0; round < 3; round++)
        {
            var count = 0;
            process.Refresh();
            var cpuStart = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            var limit = TimeSpan.FromSeconds(seconds / 3);
            while (sw.Elapsed < limit)
            {
                for (var i = 0; i < 1000; i++)
                {
                    action();
                }

                count += 1000;
            }

            var wall = sw.Elapsed.TotalSeconds;
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuStart).TotalSeconds;
            best = Math.Max(best, count / wall);
            bestCpu = Math.Max(bestCpu, count / Math.Max(cpu, 1e-9));
        }

        return (best, bestCpu);
    }

    private static string ScriptPath([CallerFilePath] string source = "")
    {
        var beside = Path.Combine(Path.GetDirectoryName(source)!, "hl7_python_bench.py");
        if (File.Exists(beside))
        {
            return beside;
        }

        return Path.Combine(AppContext.BaseDirectory, "Hl7", "hl7_python_bench.py");
    }
}
