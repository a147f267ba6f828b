using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Hematology.Integration.Benchmarks.Hl7;
using Hematology.Integration.Hl7Mapping;
using Hematology.Integration.Mllp;

namespace Hematology.Integration.Benchmarks;

/// <summary>Registers the MLLP side-by-side runner.</summary>
internal static partial class SideBySideRegistry
{
    static partial void RegisterMllp() => SideBySide.Register("mllp", MllpSideBySide.RunAsync);
}

/// <summary>
/// Send → ACK round trips on 127.0.0.1, one connection, the 25-OBX ORU^R01 of the HL7 benchmarks, with OUR receiver
/// (<see cref="MllpServer"/>, default handler = the Hl7Mapping ACK builder) answering, side by side in one run:
/// <list type="bullet">
/// <item>our sender (<see cref="IMllpClient"/>);</item>
/// <item>a bare socket ping-pong of the same byte counts (request = our framed ORU, reply = our framed ACK): the
/// physical limit of this machine's loopback for one connection;</item>
/// <item>python3-hl7's sender (<c>tests/peers/mllp_py_sender.py</c>) and the npm senders (<c>tests/peers/mllp_node_sender.js</c>,
/// @medplum/hl7 and node-hl7-client) sending the same message text against the same receiver;</item>
/// <item>the receiver's rate with 10 concurrent senders (ours, in this process; and @medplum/hl7 in its own process).</item>
/// </list>
/// Rounds alternate between the contenders; medians are reported. Every peer process runs under a time bound and is
/// killed (with its children) if it overstays. Usage:
/// <c>side-by-side mllp [count=2000] [rounds=3] [peerTimeoutSeconds=120] [core]</c>; with <c>core</c> only the
/// in-process contenders run (ours, the bare ping-pong, the two splits, 10 concurrent senders), so many short rounds
/// fit in little time on a noisy machine; the peer targets are then reported as not measured.
/// </summary>
internal static class MllpSideBySide
{
    private const string Python = "/usr/bin/python3";
    private const int Concurrent = 10;
    private const string ServeFlag = "--serve";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 3 && args[0] == ServeFlag)
        {
            return await ServeAsync(int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture));
        }

        if (args.Length == 3 && args[0] == "--profile")
        {
            // For a profiler: only one contender, against the receivers in another process, for N round trips: ours, ours-tls,
            // bare, bare-blocking-apart, bare-sync-apart, raw-to-ours; or blocking-server, blocking-both (bare pairs in this process).
            return await ProfileAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
        }

        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var peerTimeout = TimeSpan.FromSeconds(args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 120);
        var coreOnly = args.Length > 3 && args[3] == "core";
        if (count < 10 || rounds < 1 || (args.Length > 3 && !coreOnly))
        {
            Console.Error.WriteLine("usage: side-by-side mllp [count>=10] [rounds>=1] [peerTimeoutSeconds] [core]");
            return 2;
        }

        var message = Hl7Samples.EncodedCbc25();
        var controlId = Hl7Header.Read(message).ControlId;
        var template = Path.Combine(Path.GetTempPath(), $"mllp-side-by-side-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.hl7");
        await File.WriteAllTextAsync(template, Encoding.UTF8.GetString(message).Replace(controlId, "{ID}", StringComparison.Ordinal));

        // The handler accepts every message; the ACK itself is built by the server's Hl7Mapping AckBuilder, as by default.
        long handled = 0;
        await using var server = MllpServer.Start(
            ReceiverOptions(),
            _ => { Interlocked.Increment(ref handled); return ValueTask.FromResult(MllpResponse.Accept); });
        var port = server.LocalEndPoint.Port;
        try
        {
            var ackFrameLength = await MeasureAckFrameAsync(port, message);
            var requestFrameLength = message.Length + 3;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"MLLP side by side on 127.0.0.1: ORU^R01 with 25 OBX ({message.Length} B, framed {requestFrameLength} B), our receiver's ACK framed {ackFrameLength} B; {count} round trips per contender per round, {rounds} round(s)."));
            Console.WriteLine($"load average at start: {LoadAverage()}");

            // The receiving ends again, in a process of their own (as a LIMS is): our MllpServer and the bare ping-pong's
            // server, so that neither end shares this process's thread pool with the sender.
            await using var receivers = await SeparateReceivers.StartAsync(requestFrameLength, ackFrameLength);

            var oursApart = new Contender("ours: IMllpClient -> MllpServer in another process", () => OursAsync(receivers.OursPort, message, controlId, count));
            var bareApart = new Contender("bare ping-pong, server in another process", () => BareClientAsync(receivers.BarePort, requestFrameLength, ackFrameLength, count));
            var bareBlocking = new Contender("bare ping-pong, server on a blocking thread", () => BareClientAsync(null, requestFrameLength, ackFrameLength, count, blockingServer: true));
            var contenders = new List<Contender>
            {
                new("ours: IMllpClient -> MllpServer", () => OursAsync(port, message, controlId, count)),
                new("bare socket ping-pong, same byte counts", () => BareAsync(requestFrameLength, ackFrameLength, count)),
                new("python3-hl7 sender (hl7.mllp) -> MllpServer", () => PeerAsync(Python, [PeersFile("mllp_py_sender.py"), "--port", Text(port), "--count", Text(count), "--template", template, "--summary"], peerTimeout), peer: true),
                new("@medplum/hl7 sender -> MllpServer", () => PeerAsync("node", [PeersFile("mllp_node_sender.js"), "--lib", "medplum", "--port", Text(port), "--count", Text(count), "--template", template, "--summary"], peerTimeout), peer: true),
                new("node-hl7-client sender -> MllpServer", () => PeerAsync("node", [PeersFile("mllp_node_sender.js"), "--lib", "nhc", "--port", Text(port), "--count", Text(count), "--template", template, "--summary"], peerTimeout), peer: true),
                new("split: IMllpClient -> bare socket replying a canned ACK", () => OursAgainstCannedAsync(message, controlId, count)),
                new("split: bare socket client -> MllpServer", () => RawClientAsync(port, message, controlId, count)),
                new($"ours: {Concurrent} concurrent IMllpClient -> MllpServer (aggregate)", () => OursConcurrentAsync(port, message, controlId, count), roundTrips: n => Math.Max(1, n / Concurrent) * Concurrent),
                oursApart,
                bareApart,
                bareBlocking,
                new($"@medplum/hl7 sender, {Concurrent} connections -> MllpServer (aggregate)", () => PeerAsync("node", [PeersFile("mllp_node_sender.js"), "--lib", "medplum", "--port", Text(port), "--count", Text(Math.Max(1, count / Concurrent)), "--connections", Text(Concurrent), "--template", template, "--summary"], peerTimeout), peer: true),
            };

            // Warm up our side so that the first round does not measure start-up: the JIT compiles a method's optimised
            // code only after it has run for a while and in the background, so 1,000 round trips (as before) left the
            // first round at half the later rounds' rate. Run each in-process contender for at least two seconds,
            // then give the background compiler a moment.
            foreach (var warmUp in new Func<Task<double>>[]
            {
                () => OursAsync(port, message, controlId, 2000),
                () => BareAsync(requestFrameLength, ackFrameLength, 2000),
                () => OursAgainstCannedAsync(message, controlId, 2000),
                () => RawClientAsync(port, message, controlId, 2000),
                () => OursConcurrentAsync(port, message, controlId, 2000),
                () => OursAsync(receivers.OursPort, message, controlId, 2000),
                () => BareClientAsync(receivers.BarePort, requestFrameLength, ackFrameLength, 2000),
                () => BareClientAsync(null, requestFrameLength, ackFrameLength, 2000, blockingServer: true),
            })
            {
                var watch = Stopwatch.StartNew();
                while (watch.Elapsed < TimeSpan.FromSeconds(2))
                {
                    await warmUp();
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(1));

            for (var round = 1; round <= rounds; round++)
            {
                foreach (var contender in contenders)
                {
                    if (coreOnly && contender.Peer)
                    {
                        continue;
                    }

                    var jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount();
                    var gcs = GC.CollectionCount(0);
                    var cpuBefore = Environment.CpuUsage.TotalTime;
                    var rate = await contender.Run();
                    var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
                    contender.Rates.Add(rate);
                    var cpuText = string.Empty;
                    if (!contender.Peer)
                    {
                        // CPU of this whole process (both ends of the exchange) per round trip: steadier than the rate on a shared VM.
                        var perRoundTrip = cpu.TotalMicroseconds / contender.RoundTrips(count);
                        contender.CpuPerRoundTrip.Add(perRoundTrip);
                        cpuText = string.Create(CultureInfo.InvariantCulture, $"  {perRoundTrip,6:F1} µs CPU/round trip, JIT {System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethods} methods, {GC.CollectionCount(0) - gcs} gen0 GCs");
                    }

                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: {contender.Name,-62} {rate,9:F0} msg/s{cpuText}"));
                }
            }

            // The target's pair once more, interleaved in slices of 100 exchanges on open connections (see InterleavedAsync).
            var interleaved = new List<double>();
            var interleavedApart = new List<double>();
            var interleavedBlocking = new List<double>();
            var interleavedApartBlocking = new List<double>();
            for (var round = 1; round <= rounds; round++)
            {
                var (o, b) = await InterleavedAsync(port, null, message, controlId, requestFrameLength, ackFrameLength, count, 100);
                var (oa, ba) = await InterleavedAsync(receivers.OursPort, receivers.BarePort, message, controlId, requestFrameLength, ackFrameLength, count, 100);
                var (ob, bb) = await InterleavedAsync(port, null, message, controlId, requestFrameLength, ackFrameLength, count, 100, blockingBareServer: true);
                var (oab, bab) = await InterleavedAsync(receivers.OursPort, receivers.BareBlockingPort, message, controlId, requestFrameLength, ackFrameLength, count, 100);
                interleavedApartBlocking.Add(oab / bab);
                interleaved.Add(o / b);
                interleavedApart.Add(oa / ba);
                interleavedBlocking.Add(ob / bb);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round}: interleaved in slices of 100: one process ours {o:F0} / bare {b:F0} msg/s = {o / b:F2}; receivers apart ours {oa:F0} / bare {ba:F0} msg/s = {oa / ba:F2}; bare server blocking ours {ob:F0} / bare {bb:F0} msg/s = {ob / bb:F2}; apart, bare server blocking ours {oab:F0} / bare {bab:F0} msg/s = {oab / bab:F2}"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average at end: {LoadAverage()}"));
            Console.WriteLine();
            Console.WriteLine("median of the rounds [min-max]:");
            foreach (var contender in contenders.Where(c => c.Rates.Count > 0))
            {
                var cpuText = contender.CpuPerRoundTrip.Count > 0
                    ? string.Create(CultureInfo.InvariantCulture, $"  CPU {SideBySide.Median(contender.CpuPerRoundTrip):F1} µs/round trip")
                    : string.Empty;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {contender.Name,-62} {SideBySide.Median(contender.Rates),9:F0} msg/s  [{contender.Rates.Min():F0}-{contender.Rates.Max():F0}]{cpuText}"));
            }

            var ours = SideBySide.Median(contenders[0].Rates);
            var bare = SideBySide.Median(contenders[1].Rates);
            var paired = PairedRatio(contenders[0], contenders[1]);
            if (coreOnly)
            {
                // Each split contender against the bare ping-pong of the same round, as quartiles: many short rounds make the spread visible.
                Console.WriteLine();
                foreach (var contender in new[] { contenders[0], contenders[5], contenders[6] })
                {
                    var ratios = contender.Rates.Zip(contenders[1].Rates, (o, b) => o / b).Order().ToList();
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"per-round ratio to bare, {contender.Name,-55} median {SideBySide.Median(ratios):F2}  quartiles {ratios[ratios.Count / 4]:F2}-{ratios[(3 * ratios.Count) / 4]:F2}"));
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ours / bare ping-pong      = {ours / bare:F2}  (target >= 0.80: {(ours >= 0.8 * bare ? "met" : "NOT met")}); median of the per-round ratios {paired:F2}; peers not measured (core)"));
                PrintApart(oursApart, bareApart, interleaved, interleavedApart, interleavedBlocking, interleavedApartBlocking);
                PrintAgainst(contenders[0], bareBlocking);
                return ours >= 0.8 * bare ? 0 : 1;
            }

            var python = SideBySide.Median(contenders[2].Rates);
            var npm = Math.Max(SideBySide.Median(contenders[3].Rates), SideBySide.Median(contenders[4].Rates));
            var npmName = SideBySide.Median(contenders[3].Rates) >= SideBySide.Median(contenders[4].Rates) ? "@medplum/hl7" : "node-hl7-client";
            var bareOk = ours >= 0.8 * bare;
            var pythonOk = ours >= 3 * python;
            var npmOk = ours >= 3 * npm;
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ours / bare ping-pong      = {ours / bare:F2}  (target >= 0.80: {(bareOk ? "met" : "NOT met")}); median of the per-round ratios {paired:F2}"));
            PrintApart(oursApart, bareApart, interleaved, interleavedApart, interleavedBlocking, interleavedApartBlocking);
            PrintAgainst(contenders[0], bareBlocking);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ours / python3-hl7 sender  = {ours / python:F1}x (target >= 3x: {(pythonOk ? "met" : "NOT met")})"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ours / fastest npm sender  = {ours / npm:F1}x (fastest: {npmName}; target >= 3x: {(npmOk ? "met" : "NOT met")})"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"receiver: {Interlocked.Read(ref handled)} messages answered in this run"));
            return bareOk && pythonOk && npmOk ? 0 : 1;
        }
        finally
        {
            File.Delete(template);
        }
    }

    private static void PrintAgainst(Contender ours, Contender bare)
    {
        var ratio = SideBySide.Median(ours.Rates) / SideBySide.Median(bare.Rates);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"against the {bare.Name}: ours / bare = {ratio:F2} (target >= 0.80: {(ratio >= 0.8 ? "met" : "NOT met")}); median of the per-round ratios {PairedRatio(ours, bare):F2}"));
    }

    private static void PrintApart(Contender ours, Contender bare, List<double> interleaved, List<double> interleavedApart, List<double> interleavedBlocking, List<double> interleavedApartBlocking)
    {
        var ratio = SideBySide.Median(ours.Rates) / SideBySide.Median(bare.Rates);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"receivers in another process: ours / bare = {ratio:F2} (target >= 0.80: {(ratio >= 0.8 ? "met" : "NOT met")}); median of the per-round ratios {PairedRatio(ours, bare):F2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"interleaved in slices of 100, median of the rounds: one process {SideBySide.Median(interleaved):F2} [{interleaved.Min():F2}-{interleaved.Max():F2}], receivers apart {SideBySide.Median(interleavedApart):F2} [{interleavedApart.Min():F2}-{interleavedApart.Max():F2}], bare server on a blocking thread {SideBySide.Median(interleavedBlocking):F2} [{interleavedBlocking.Min():F2}-{interleavedBlocking.Max():F2}], apart with the bare server on a blocking thread {SideBySide.Median(interleavedApartBlocking):F2} [{interleavedApartBlocking.Min():F2}-{interleavedApartBlocking.Max():F2}] (target >= 0.80)"));
    }

    /// <summary>
    /// The child process of <see cref="SeparateReceivers"/>: our <see cref="MllpServer"/> (accepting every message, as in
    /// this process) and a bare ping-pong server (one connection at a time, <paramref name="requestLength"/> bytes in,
    /// <paramref name="replyLength"/> bytes out). Prints both ports as one JSON line, then serves until its standard input closes.
    /// </summary>
    private static async Task<int> ProfileAsync(string contender, int count)
    {
        var message = Hl7Samples.EncodedCbc25();
        var controlId = Hl7Header.Read(message).ControlId;
        var ackLength = new AckBuilder(new AckBuilderOptions { SendingApplication = "LIS" }).BuildUtf8(Hl7Header.Read(message), AckCode.ApplicationAccept).Length + 3;
        await using var receivers = await SeparateReceivers.StartAsync(message.Length + 3, ackLength);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        double rate;
        if (contender.StartsWith("blocking", StringComparison.Ordinal))
        {
            // Both ends block on threads, in this process: the bare client's loop too.
            var syncClient = contender == "blocking-both";
            await using var pair = await BarePingPong.StartAsync(message.Length + 3, ackLength, null, blockingServer: true, blockingClient: syncClient);
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                if (syncClient)
                {
                    pair.Exchange();
                }
                else
                {
                    await pair.ExchangeAsync();
                }
            }

            rate = count / Stopwatch.GetElapsedTime(started).TotalSeconds;
        }
        else
        {
            rate = contender switch
            {
                "bare" => await BareClientAsync(receivers.BarePort, message.Length + 3, ackLength, count),
                "bare-blocking-apart" => await BareClientAsync(receivers.BareBlockingPort, message.Length + 3, ackLength, count),
                "bare-sync-apart" => await BareSyncClientAsync(receivers.BareBlockingPort, message.Length + 3, ackLength, count),
                "raw-to-ours" => await RawClientAsync(receivers.OursPort, message, controlId, count),
                "ours-tls" => await OursAsync(receivers.OursTlsPort, message, controlId, count, receivers.TlsPin),
                _ => await OursAsync(receivers.OursPort, message, controlId, count),
            };
        }

        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{contender}: {rate:F0} msg/s, {used.TotalMicroseconds / count:F1} us CPU per round trip (this process)"));
        return 0;
    }

    /// <summary>Our receiver as every contender meets it: loopback, a free port, MSH-3 of its ACKs "LIS".</summary>
    private static MllpServerOptions ReceiverOptions() => new() { Host = "127.0.0.1", Port = 0, MaxConnections = 32, SendingApplication = "LIS" };

    /// <summary>
    /// A certificate for the TLS receiver, made for the run (the benchmarks do not reference the test projects, whose
    /// helpers make the test certificates).
    /// </summary>
    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pkcs12), null);
    }

    private static async Task<int> ServeAsync(int requestLength, int replyLength)
    {
        await using var server = MllpServer.Start(ReceiverOptions(), _ => ValueTask.FromResult(MllpResponse.Accept));

        // The same receiver behind TLS, with a certificate made for this run; the sender pins it.
        using var certificate = SelfSignedCertificate();
        var tlsOptions = ReceiverOptions();
        tlsOptions.Tls.Enabled = true;
        tlsOptions.Tls.Certificate = certificate;
        await using var tlsServer = MllpServer.Start(tlsOptions, _ => ValueTask.FromResult(MllpResponse.Accept));
        var tlsPin = Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));
        using var listener = Listen(out var barePort, backlog: 4);
        using var stop = new CancellationTokenSource();
        var bare = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var socket = await listener.AcceptAsync(stop.Token);
                await EchoAsync(socket, requestLength, replyLength);
            }
        });
        // The bare ping-pong's other server: each connection on a thread of its own, blocking, as our receiver reads.
        using var blockingListener = Listen(out var blockingPort, backlog: 4);
        new Thread(() =>
        {
            try
            {
                while (true)
                {
                    var socket = blockingListener.Accept();
                    new Thread(() =>
                    {
                        using (socket)
                        {
                            EchoBlocking(socket, requestLength, replyLength);
                        }
                    }) { IsBackground = true, Name = "bare blocking connection" }.Start();
                }
            }
            catch (SocketException)
            {
                // The listener was closed: the child is ending.
            }
            catch (ObjectDisposedException)
            {
                // The same.
            }
        }) { IsBackground = true, Name = "bare blocking listener" }.Start();
        Console.WriteLine(JsonSerializer.Serialize(new { ours = server.LocalEndPoint.Port, bare = barePort, bareBlocking = blockingPort, oursTls = tlsServer.LocalEndPoint.Port, tlsPin }));
        await Console.In.ReadToEndAsync();
        await stop.CancelAsync();
        try
        {
            await bare.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (OperationCanceledException)
        {
            // Stopped while waiting for the next connection.
        }

        return 0;
    }

    /// <summary>One client, <paramref name="count"/> exchanges, each message with its own MSH-10.</summary>
    private static async Task<double> OursAsync(int port, byte[] template, string controlId, int count, string? tlsPin = null)
    {
        var message = (byte[])template.Clone();
        var at = IndexOfControlId(message, controlId);
        var options = new MllpClientOptions { Host = "127.0.0.1", Port = port, ConnectAttempts = 1 };
        if (tlsPin is not null)
        {
            options.Tls.Enabled = true;
            options.Tls.TargetHost = "localhost";
            options.Tls.PinnedServerCertificates.Add(tlsPin);
        }

        await using var client = MllpClient.Create(options);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            StampControlId(message, at, controlId.Length, i);
            var result = await client.SendAsync(message);
            if (!result.IsAccepted)
            {
                throw new InvalidOperationException($"exchange {i} failed: {result}");
            }
        }

        return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>
    /// Our sender against a bare socket that answers each frame with a canned ACK (MSA-2 patched to the request's
    /// MSH-10): what the sender costs without our receiver.
    /// </summary>
    private static async Task<double> OursAgainstCannedAsync(byte[] template, string controlId, int count)
    {
        var ack = new AckBuilder(new AckBuilderOptions { SendingApplication = "LIS" }).BuildUtf8(Hl7Header.Read(template), AckCode.ApplicationAccept);
        var ackFrame = new byte[ack.Length + 3];
        ackFrame[0] = 0x0B;
        ack.CopyTo(ackFrame, 1);
        ackFrame[^2] = 0x1C;
        ackFrame[^1] = 0x0D;
        var ackAt = IndexOfControlId(ackFrame, controlId);
        var requestAt = IndexOfControlId(template, controlId) + 1;
        var requestLength = template.Length + 3;
        using var listener = Listen(out var port);
        var serverTask = Task.Run(async () =>
        {
            using var socket = await listener.AcceptAsync();
            socket.NoDelay = true;
            var buffer = new byte[requestLength];
            while (await ReceiveExactlyAsync(socket, buffer))
            {
                buffer.AsSpan(requestAt, controlId.Length).CopyTo(ackFrame.AsSpan(ackAt));
                await socket.SendAsync(ackFrame);
            }
        });

        var rate = await OursAsync(port, template, controlId, count);
        await serverTask.WaitAsync(TimeSpan.FromSeconds(10));
        return rate;
    }

    /// <summary>A bare socket client against our receiver: what the receiver costs without our sender.</summary>
    private static async Task<double> RawClientAsync(int port, byte[] template, string controlId, int count)
    {
        var frame = new byte[template.Length + 3];
        frame[0] = 0x0B;
        template.CopyTo(frame, 1);
        frame[^2] = 0x1C;
        frame[^1] = 0x0D;
        var at = IndexOfControlId(frame, controlId);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var buffer = new byte[4096];
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            StampControlId(frame, at, controlId.Length, i);
            await socket.SendAsync(frame);
            var received = 0;
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(received));
                if (n == 0)
                {
                    throw new InvalidOperationException("the receiver closed early");
                }

                received += n;
                if (received >= 2 && buffer[received - 2] == 0x1C && buffer[received - 1] == 0x0D)
                {
                    break;
                }
            }
        }

        return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>Ten clients at once, <paramref name="count"/> exchanges in all; the aggregate rate.</summary>
    private static async Task<double> OursConcurrentAsync(int port, byte[] template, string controlId, int count)
    {
        var per = Math.Max(1, count / Concurrent);
        var clients = new IMllpClient[Concurrent];
        for (var c = 0; c < Concurrent; c++)
        {
            clients[c] = MllpClient.Create(new MllpClientOptions { Host = "127.0.0.1", Port = port, ConnectAttempts = 1 });
        }

        try
        {
            var at = IndexOfControlId(template, controlId);
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(clients.Select(async (client, c) =>
            {
                var message = (byte[])template.Clone();
                for (var i = 0; i < per; i++)
                {
                    StampControlId(message, at, controlId.Length, (c * 1_000_000) + i);
                    var result = await client.SendAsync(message).ConfigureAwait(false);
                    if (!result.IsAccepted)
                    {
                        throw new InvalidOperationException($"client {c}, exchange {i} failed: {result}");
                    }
                }
            }));
            return per * Concurrent / Stopwatch.GetElapsedTime(started).TotalSeconds;
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The physical limit: a socket pair on 127.0.0.1 (TCP_NODELAY both ends, async sockets as our code uses) that
    /// exchanges exactly the byte counts of one MLLP round trip, with no framing, parsing or ACK building.
    /// </summary>
    private static Task<double> BareAsync(int requestLength, int replyLength, int count) => BareClientAsync(null, requestLength, replyLength, count);

    /// <summary>
    /// The bare ping-pong's client, against its own server in this process (asynchronous, or blocking on a thread of its
    /// own as our receiver reads) or, with a port, one elsewhere (<see cref="ServeAsync"/>).
    /// </summary>
    private static async Task<double> BareClientAsync(int? port, int requestLength, int replyLength, int count, bool blockingServer = false)
    {
        await using var bare = await BarePingPong.StartAsync(requestLength, replyLength, port, blockingServer);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            await bare.ExchangeAsync();
        }

        return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>
    /// The bare client blocking on its own thread (connected synchronously, so its socket stays in blocking mode)
    /// against the receivers' blocking bare server: whether a sender that blocks would beat the asynchronous one.
    /// </summary>
    private static async Task<double> BareSyncClientAsync(int port, int requestLength, int replyLength, int count)
    {
        await using var bare = await BarePingPong.StartAsync(requestLength, replyLength, port, blockingClient: true);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            bare.Exchange();
        }

        return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>
    /// Ours and the bare ping-pong in alternating slices of <paramref name="slice"/> exchanges on connections kept
    /// open, the first of each pair alternating too, so that the VM's swings (which last seconds) fall on both alike;
    /// the rates are over all the slices of each.
    /// </summary>
    private static async Task<(double Ours, double Bare)> InterleavedAsync(int oursPort, int? barePort, byte[] template, string controlId, int requestLength, int replyLength, int count, int slice, bool blockingBareServer = false)
    {
        var message = (byte[])template.Clone();
        var at = IndexOfControlId(message, controlId);
        await using var client = MllpClient.Create(new MllpClientOptions { Host = "127.0.0.1", Port = oursPort, ConnectAttempts = 1 });
        await using var bare = await BarePingPong.StartAsync(requestLength, replyLength, barePort, blockingBareServer);
        long oursTicks = 0, bareTicks = 0;
        for (var done = 0; done < count; done += slice)
        {
            var n = Math.Min(slice, count - done);
            var oursFirst = done / slice % 2 == 0;
            for (var pass = 0; pass < 2; pass++)
            {
                var runOurs = pass == 0 == oursFirst;
                var started = Stopwatch.GetTimestamp();
                for (var i = done; i < done + n; i++)
                {
                    if (!runOurs)
                    {
                        await bare.ExchangeAsync();
                        continue;
                    }

                    StampControlId(message, at, controlId.Length, i);
                    var result = await client.SendAsync(message);
                    if (!result.IsAccepted)
                    {
                        throw new InvalidOperationException($"exchange {i} failed: {result}");
                    }
                }

                var elapsed = Stopwatch.GetTimestamp() - started;
                if (runOurs)
                {
                    oursTicks += elapsed;
                }
                else
                {
                    bareTicks += elapsed;
                }
            }
        }

        return (count * (double)Stopwatch.Frequency / oursTicks, count * (double)Stopwatch.Frequency / bareTicks);
    }

    /// <summary>A listening socket on 127.0.0.1, on a port the system picks.</summary>
    private static Socket Listen(out int port, int backlog = 1)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(backlog);
        port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        return listener;
    }

    /// <summary>
    /// The bare ping-pong's server side on one accepted connection with blocking calls, on the caller's thread (as our
    /// receiver reads on a thread of its own): <paramref name="requestLength"/> bytes in, <paramref name="replyLength"/>
    /// bytes out, until the client closes.
    /// </summary>
    private static void EchoBlocking(Socket socket, int requestLength, int replyLength)
    {
        socket.NoDelay = true;
        var buffer = new byte[requestLength];
        var reply = new byte[replyLength];
        while (ReceiveExactly(socket, buffer))
        {
            socket.Send(reply);
        }
    }

    /// <summary>The bare ping-pong's server side on one accepted connection: <paramref name="requestLength"/> bytes in, <paramref name="replyLength"/> bytes out, until the client closes.</summary>
    private static async Task EchoAsync(Socket socket, int requestLength, int replyLength)
    {
        socket.NoDelay = true;
        var buffer = new byte[requestLength];
        var reply = new byte[replyLength];
        while (await ReceiveExactlyAsync(socket, buffer))
        {
            await socket.SendAsync(reply);
        }
    }

    private static bool ReceiveExactly(Socket socket, byte[] buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = socket.Receive(buffer, read, buffer.Length - read, SocketFlags.None);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    private static async ValueTask<bool> ReceiveExactlyAsync(Socket socket, Memory<byte> buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer[read..]);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    /// <summary>Runs a peer sender (it prints one JSON document with perSecond); killed with its children if it overstays.</summary>
    private static async Task<double> PeerAsync(string executable, string[] arguments, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        psi.Environment["NODE_PATH"] = PeersFile(Path.Combine("node", "node_modules"));
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"{executable} did not start");
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var bound = new CancellationTokenSource(timeout);
            await process.WaitForExitAsync(bound.Token);
            var output = await stdout;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{Path.GetFileName(arguments[0])} exited {process.ExitCode}: {await stderr}");
            }

            using var json = JsonDocument.Parse(output);
            return json.RootElement.GetProperty("perSecond").GetDouble();
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Path.GetFileName(arguments[0])} did not finish within {timeout.TotalSeconds:0} s");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    /// <summary>Sends the message once over a raw socket and counts the bytes of our receiver's framed ACK.</summary>
    private static async Task<int> MeasureAckFrameAsync(int port, byte[] message)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var frame = new byte[message.Length + 3];
        frame[0] = 0x0B;
        message.CopyTo(frame, 1);
        frame[^2] = 0x1C;
        frame[^1] = 0x0D;
        await socket.SendAsync(frame);
        var received = new List<byte>();
        var buffer = new byte[4096];
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (received.Count < 2 || received[^2] != 0x1C || received[^1] != 0x0D)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, bound.Token);
            if (n == 0)
            {
                throw new InvalidOperationException("the receiver closed without an ACK");
            }

            received.AddRange(buffer.AsSpan(0, n));
        }

        return received.Count;
    }

    private static int IndexOfControlId(byte[] message, string controlId)
    {
        var at = message.AsSpan().IndexOf(Encoding.ASCII.GetBytes(controlId));
        return at >= 0 ? at : throw new InvalidOperationException("MSH-10 not found in the sample message");
    }

    /// <summary>Writes a counter over the last 8 characters of MSH-10 (same length, printable ASCII).</summary>
    private static void StampControlId(byte[] message, int at, int length, int counter)
    {
        Span<byte> digits = stackalloc byte[8];
        counter.TryFormat(digits, out var written, "D8", CultureInfo.InvariantCulture);
        digits[..Math.Min(written, 8)].CopyTo(message.AsSpan(at + length - 8, 8));
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>Ours and the bare ping-pong run back to back in each round: the per-round ratio cancels slow load drifts.</summary>
    private static double PairedRatio(Contender ours, Contender bare) => SideBySide.Median(ours.Rates.Zip(bare.Rates, (o, b) => o / b).ToList());

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string PeersFile(string name, [CallerFilePath] string source = "")
    {
        // benchmarks/Hematology.Integration.Benchmarks/Mllp/ → repository root → tests/peers
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", ".."));
        var path = Path.Combine(root, "tests", "peers", name);
        return File.Exists(path) || Directory.Exists(path) ? path : throw new FileNotFoundException($"peer script missing: {path} (run tests/peers/install.sh)");
    }

    /// <summary>One bare ping-pong connection: a client socket and, unless the server is elsewhere, its server task here.</summary>
    private sealed class BarePingPong : IAsyncDisposable
    {
        private readonly Socket? _listener;
        private readonly Task? _server;
        private readonly Socket _client;
        private readonly byte[] _request;
        private readonly byte[] _response;

        private BarePingPong(Socket? listener, Task? server, Socket client, int requestLength, int replyLength)
        {
            _listener = listener;
            _server = server;
            _client = client;
            _request = new byte[requestLength];
            _response = new byte[replyLength];
        }

        /// <summary>Starts the pair (or connects to a bare server elsewhere).</summary>
        /// <param name="requestLength">Bytes per request.</param>
        /// <param name="replyLength">Bytes per reply.</param>
        /// <param name="port">The bare server elsewhere, or <see langword="null"/> to start one here.</param>
        /// <param name="blockingServer">Start the server here on a thread of its own with blocking calls.</param>
        /// <param name="blockingClient">
        /// Connect synchronously, for <see cref="Exchange"/>: a socket that has run an asynchronous operation stays in
        /// non-blocking mode on Linux, and its synchronous calls then wait through the socket engine instead of in the
        /// kernel, so only a synchronous connect gives a client that really blocks.
        /// </param>
        /// <returns>The connected pair.</returns>
        public static async Task<BarePingPong> StartAsync(int requestLength, int replyLength, int? port, bool blockingServer = false, bool blockingClient = false)
        {
            Socket? listener = null;
            Task? server = null;
            if (port is null && blockingServer)
            {
                // The server on a thread of its own with blocking calls, as our receiver reads (MllpServer's own thread).
                listener = Listen(out var local);
                port = local;
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var serverListener = listener;
                new Thread(() =>
                {
                    try
                    {
                        using var socket = serverListener.Accept();
                        EchoBlocking(socket, requestLength, replyLength);

                        done.SetResult();
                    }
                    catch (Exception ex)
                    {
                        done.SetException(ex);
                    }
                }) { IsBackground = true, Name = "bare blocking server" }.Start();
                server = done.Task;
            }
            else if (port is null)
            {
                var asyncListener = listener = Listen(out var local);
                port = local;
                server = Task.Run(async () =>
                {
                    using var socket = await asyncListener.AcceptAsync();
                    await EchoAsync(socket, requestLength, replyLength);
                });
            }

            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            if (blockingClient)
            {
                client.Connect(IPAddress.Loopback, port.Value);
            }
            else
            {
                await client.ConnectAsync(IPAddress.Loopback, port.Value);
            }

            return new BarePingPong(listener, server, client, requestLength, replyLength);
        }

        public void Exchange()
        {
            _client.Send(_request);
            if (!ReceiveExactly(_client, _response))
            {
                throw new InvalidOperationException("the bare ping-pong server closed early");
            }
        }

        public async ValueTask ExchangeAsync()
        {
            await _client.SendAsync(_request);
            if (!await ReceiveExactlyAsync(_client, _response))
            {
                throw new InvalidOperationException("the bare ping-pong server closed early");
            }
        }

        public async ValueTask DisposeAsync()
        {
            _client.Shutdown(SocketShutdown.Both);
            if (_server is not null)
            {
                await _server.WaitAsync(TimeSpan.FromSeconds(10));
            }

            _client.Dispose();
            _listener?.Dispose();
        }
    }

    /// <summary>This benchmark run again as a child process serving the receiving ends (<see cref="ServeAsync"/>); disposing it ends the child.</summary>
    private sealed class SeparateReceivers : IAsyncDisposable
    {
        private readonly Process _process;

        private SeparateReceivers(Process process, int oursPort, int barePort, int bareBlockingPort, int oursTlsPort, string tlsPin)
        {
            _process = process;
            OursPort = oursPort;
            BarePort = barePort;
            BareBlockingPort = bareBlockingPort;
            OursTlsPort = oursTlsPort;
            TlsPin = tlsPin;
        }

        public int OursPort { get; }

        /// <summary>Gets the port of our receiver behind TLS.</summary>
        public int OursTlsPort { get; }

        /// <summary>Gets the SHA-256 of the TLS receiver's certificate, made for this run.</summary>
        public string TlsPin { get; }

        public int BarePort { get; }

        /// <summary>Gets the port of the bare server that blocks on a thread per connection.</summary>
        public int BareBlockingPort { get; }

        public static async Task<SeparateReceivers> StartAsync(int requestLength, int replyLength)
        {
            var self = Environment.ProcessPath ?? "dotnet";
            var psi = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            {
                psi.ArgumentList.Add(typeof(MllpSideBySide).Assembly.Location);
            }

            foreach (var argument in new[] { "side-by-side", "mllp", ServeFlag, Text(requestLength), Text(replyLength) })
            {
                psi.ArgumentList.Add(argument);
            }

            var process = Process.Start(psi) ?? throw new InvalidOperationException("the receiver process did not start");
            try
            {
                var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30))
                    ?? throw new InvalidOperationException("the receiver process ended without its ports");
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                return new SeparateReceivers(process, root.GetProperty("ours").GetInt32(), root.GetProperty("bare").GetInt32(), root.GetProperty("bareBlocking").GetInt32(), root.GetProperty("oursTls").GetInt32(), root.GetProperty("tlsPin").GetString()!);
            }
            catch
            {
                process.Kill(entireProcessTree: true);
                process.Dispose();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            _process.StandardInput.Close();
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
        }
    }

    private sealed class Contender(string name, Func<Task<double>> run, bool peer = false, Func<int, int>? roundTrips = null)
    {
        public string Name { get; } = name;

        public Func<Task<double>> Run { get; } = run;

        /// <summary>Gets whether the contender is a peer process (skipped in <c>core</c> mode).</summary>
        public bool Peer { get; } = peer;

        public List<double> Rates { get; } = [];

        public List<double> CpuPerRoundTrip { get; } = [];

        /// <summary>The round trips one run makes for a given count (the concurrent contender rounds it down to whole connections).</summary>
        public int RoundTrips(int count) => roundTrips?.Invoke(count) ?? count;
    }
}
