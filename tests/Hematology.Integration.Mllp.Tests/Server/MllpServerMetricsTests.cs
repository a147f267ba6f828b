using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.Sockets;
using System.Text;
using Hematology.Integration.Hl7Mapping;
using Hematology.Integration.Mllp.Tests.Support;

namespace Hematology.Integration.Mllp.Tests.Server;

/// <summary>The receiver's metrics, read with a <see cref="MeterListener"/> and told apart from other tests' servers by port.</summary>
public sealed class MllpServerMetricsTests
{
    [Fact]
    public async Task Metrics_EachFrame_IsCountedByOutcomeWithItsDuration()
    {
        using var metrics = new Recorder();
        await using var server = MllpServer.Start(MllpServerBehaviourTests.Options(), request =>
            ValueTask.FromResult(request.ControlId.StartsWith("ERR", StringComparison.Ordinal) ? MllpResponse.Ack(AckCode.ApplicationError) : MllpResponse.Accept));
        var port = server.LocalEndPoint.Port;
        await using (var client = MllpServerBehaviourTests.Client(server))
        {
            Assert.True((await client.SendAsync(TestMessages.OruBytes("MET1"))).IsAccepted);
            Assert.True((await client.SendAsync(TestMessages.OruBytes("MET2"))).IsAccepted);
            Assert.Equal(MllpOutcome.ApplicationError, (await client.SendAsync(TestMessages.OruBytes("ERR1"))).Outcome);
        }

        using (var socket = await MllpServerBehaviourTests.Connect(server))
        {
            await socket.SendAsync(TestMessages.Frame("MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115||ORU^R01|BAD1|P|2.5.1\r1X|bad segment id\r"));
            Assert.Equal(AckCode.ApplicationReject, Hl7Ack.Parse(Encoding.UTF8.GetBytes(await MllpServerBehaviourTests.ReadFrame(socket))).Code);
            await socket.SendAsync(TestMessages.Frame("HELLO WORLD"));
            Assert.Equal(0, await MllpServerBehaviourTests.ReceiveWithin(socket, TimeSpan.FromSeconds(5)));
        }

        await MllpServerBehaviourTests.WaitUntil(() => metrics.Count(MllpDiagnostics.ServerMessages, port) == 5);
        Assert.Equal(
            ["AA", "AA", "AE", "AR", "no_msh"],
            metrics.For(MllpDiagnostics.ServerMessages, port).Select(m => (string)m.Tags[MllpDiagnostics.OutcomeTag]!).Order(StringComparer.Ordinal));
        Assert.All(metrics.For(MllpDiagnostics.ServerMessages, port), m => Assert.Equal(1, m.Value));
        var durations = metrics.For(MllpDiagnostics.ServerDuration, port);
        Assert.Equal(5, durations.Count);
        Assert.All(durations, m => Assert.InRange(m.Value, 0, 60_000));
        Assert.Equal(2, durations.Count(m => (string)m.Tags[MllpDiagnostics.OutcomeTag]! == "AA"));
    }

    [Fact]
    public async Task Metrics_ServerCounters_AreObservedWhileItRunsAndNotAfterItStops()
    {
        using var metrics = new Recorder();
        var options = MllpServerBehaviourTests.Options();
        options.MaxConnections = 1;
        var server = MllpServer.Start(options);
        var port = server.LocalEndPoint.Port;
        using var first = await MllpServerBehaviourTests.Connect(server);
        await first.SendAsync(new byte[] { 0x02, 0x02, 0x0A }.Concat(TestMessages.Frame(TestMessages.OruBytes("OBS1", 1))).ToArray());
        await MllpServerBehaviourTests.ReadFrame(first);
        using (var refused = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            try
            {
                await refused.ConnectAsync(server.LocalEndPoint);
                await MllpServerBehaviourTests.ReceiveWithin(refused, TimeSpan.FromSeconds(5));
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
            {
                // The refusal's reset can reach the client before its connect completes.
            }
        }

        await MllpServerBehaviourTests.WaitUntil(() => server.ConnectionsRefused == 1);
        metrics.Observe();

        Assert.Equal(1, metrics.Last(MllpDiagnostics.ServerConnections, port));
        Assert.Equal(1, metrics.Last(MllpDiagnostics.ServerConnectionsAccepted, port));
        Assert.Equal(1, metrics.Last(MllpDiagnostics.ServerConnectionsRefused, port));
        Assert.Equal(3, metrics.Last(MllpDiagnostics.ServerBytesDiscarded, port));

        await server.DisposeAsync();
        metrics.Clear();
        metrics.Observe();
        Assert.Empty(metrics.For(MllpDiagnostics.ServerConnections, port));
    }

    [Fact]
    public async Task Metrics_ListenerSubscribedAfterTheServerStarted_CountsTheFramesThatFollow()
    {
        // Whether to record is decided per frame, not once at start: a collector attached to a running host sees
        // the frames from then on.
        await using var server = MllpServer.Start(MllpServerBehaviourTests.Options());
        await using var client = MllpServerBehaviourTests.Client(server);
        Assert.True((await client.SendAsync(TestMessages.OruBytes("LATE1"))).IsAccepted);

        using var metrics = new Recorder();
        Assert.True((await client.SendAsync(TestMessages.OruBytes("LATE2"))).IsAccepted);
        Assert.True((await client.SendAsync(TestMessages.OruBytes("LATE3"))).IsAccepted);

        await MllpServerBehaviourTests.WaitUntil(() => metrics.Count(MllpDiagnostics.ServerDuration, server.LocalEndPoint.Port) == 2);
        Assert.Equal(2, metrics.Count(MllpDiagnostics.ServerMessages, server.LocalEndPoint.Port));
    }

    private sealed record Measured(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);

    /// <summary>Collects every measurement of the MLLP instruments while it lives.</summary>
    private sealed class Recorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<Measured> _measured = new();

        public Recorder()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == MllpDiagnostics.MeterName && instrument.Name.StartsWith("hematology.mllp.", StringComparison.Ordinal))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.Start();
        }

        public void Observe() => _listener.RecordObservableInstruments();

        public void Clear() => _measured.Clear();

        public List<Measured> For(string instrument, int port)
            => _measured.Where(m => m.Instrument == instrument && m.Tags.TryGetValue(MllpDiagnostics.PortTag, out var p) && p is int value && value == port).ToList();

        public int Count(string instrument, int port) => For(instrument, port).Count;

        public double Last(string instrument, int port) => For(instrument, port)[^1].Value;

        public void Dispose() => _listener.Dispose();

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            _measured.Enqueue(new Measured(instrument.Name, value, copy));
        }
    }
}
