using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Hematology.Integration.Hl7Mapping;

namespace Hematology.Integration.Mllp.Diagnostics;

/// <summary>
/// The receiver's instruments (names in <see cref="MllpDiagnostics"/>). The counters the server keeps anyway
/// (connections, refusals, discarded bytes) are observed from the running servers when a listener collects, so they
/// cost nothing per message; a frame's outcome and duration are recorded only while a listener is subscribed.
/// </summary>
internal static class MllpServerTelemetry
{
    private static readonly Meter Meter = new(MllpDiagnostics.MeterName);
    private static readonly ConcurrentDictionary<MllpServer, byte> Running = new();

    private static readonly Counter<long> Messages = Meter.CreateCounter<long>(MllpDiagnostics.ServerMessages, "{message}", "Frames the MLLP receiver finished with, by outcome.");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(MllpDiagnostics.ServerDuration, "ms", "Time from a message's last byte read to its ACK written.");

    static MllpServerTelemetry()
    {
        Meter.CreateObservableUpDownCounter(MllpDiagnostics.ServerConnections, static () => Observe(static s => s.OpenConnections), "{connection}", "Connections open now.");
        Meter.CreateObservableCounter(MllpDiagnostics.ServerConnectionsAccepted, static () => Observe(static s => s.ConnectionsServed), "{connection}", "Connections accepted.");
        Meter.CreateObservableCounter(MllpDiagnostics.ServerConnectionsRefused, static () => Observe(static s => s.ConnectionsRefused), "{connection}", "Connections refused at the connection limit.");
        Meter.CreateObservableCounter(MllpDiagnostics.ServerBytesDiscarded, static () => Observe(static s => s.BytesDiscarded), "By", "Bytes received outside any frame.");
    }

    /// <summary>Gets whether a frame's duration is wanted (read the clock only then).</summary>
    public static bool Timed => Duration.Enabled;

    /// <summary>Makes a server's counters observable.</summary>
    public static void Add(MllpServer server) => Running.TryAdd(server, 0);

    /// <summary>Stops observing a server.</summary>
    public static void Remove(MllpServer server) => Running.TryRemove(server, out _);

    /// <summary>Records how a frame ended: with the response sent for it.</summary>
    /// <param name="server">The server.</param>
    /// <param name="response">The handler's (or the server's own) response.</param>
    /// <param name="elapsed">The time taken, when <see cref="Timed"/> was true at the start.</param>
    public static void Finished(MllpServer server, in MllpResponse response, TimeSpan? elapsed)
    {
        if (Messages.Enabled || elapsed is not null)
        {
            Record(server, Outcome(response), elapsed);
        }
    }

    /// <summary>Records a frame without an MSH segment (the connection is closed).</summary>
    /// <param name="server">The server.</param>
    /// <param name="elapsed">The time taken, when <see cref="Timed"/> was true at the start.</param>
    public static void WithoutMsh(MllpServer server, TimeSpan? elapsed)
    {
        if (Messages.Enabled || elapsed is not null)
        {
            Record(server, "no_msh", elapsed);
        }
    }

    private static void Record(MllpServer server, string outcomeValue, TimeSpan? elapsed)
    {
        var outcome = new KeyValuePair<string, object?>(MllpDiagnostics.OutcomeTag, outcomeValue);
        var port = new KeyValuePair<string, object?>(MllpDiagnostics.PortTag, server.PortTagValue);
        Messages.Add(1, outcome, port);
        if (elapsed is { } taken)
        {
            Duration.Record(taken.TotalMilliseconds, outcome, port);
        }
    }

    private static string Outcome(in MllpResponse response) => response.Kind switch
    {
        MllpResponseKind.Ack => response.Code.ToHl7(),
        MllpResponseKind.RawAck => "raw",
        MllpResponseKind.NoReply => "none",
        _ => "closed",
    };

    private static IEnumerable<Measurement<long>> Observe(Func<MllpServer, long> read)
    {
        foreach (var server in Running.Keys)
        {
            yield return new Measurement<long>(read(server), new KeyValuePair<string, object?>(MllpDiagnostics.PortTag, server.PortTagValue));
        }
    }
}
