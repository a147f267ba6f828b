using System.Collections.Concurrent;
using System.Net;
using Hematology.Integration.Mllp;
using Microsoft.Extensions.Logging;

namespace Hematology.Integration.Cli.Demo;

/// <summary>
/// The demo's stand-in for a LIMS: our own MLLP receiver on a free loopback port, answering every readable message
/// AA through the Hl7Mapping ACK builder, and counting what it was given (messages, OBX results, resends by control id).
/// </summary>
internal sealed class LimsSimulator : IAsyncDisposable
{
    private readonly MllpServer _server;
    private readonly ConcurrentDictionary<string, int> _received = new(StringComparer.Ordinal);
    private long _results;

    private LimsSimulator(ILoggerFactory? loggerFactory)
    {
        _server = MllpServer.Start(
            new MllpServerOptions { Host = IPAddress.Loopback.ToString(), Port = 0, SendingApplication = "DEMO-LIMS", SendingFacility = "DEMO-LAB" },
            Handle,
            loggerFactory);
    }

    /// <summary>Gets the port the simulator listens on.</summary>
    public int Port => _server.LocalEndPoint.Port;

    /// <summary>Gets how many distinct messages (by control id) were received.</summary>
    public int MessagesReceived => _received.Count;

    /// <summary>Gets how many messages were received more than once (resends keep their control id).</summary>
    public int Resends => _received.Values.Sum(count => count - 1);

    /// <summary>Gets how many OBX results the distinct messages carried.</summary>
    public long ResultsReceived => Interlocked.Read(ref _results);

    public static LimsSimulator Start(ILoggerFactory? loggerFactory = null) => new(loggerFactory);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private ValueTask<MllpResponse> Handle(MllpRequest request)
    {
        var count = _received.AddOrUpdate(request.ControlId, 1, static (_, seen) => seen + 1);
        if (count == 1)
        {
            Interlocked.Add(ref _results, request.Message.GetSegments("OBX").Count());
        }

        return ValueTask.FromResult(MllpResponse.Accept);
    }
}
