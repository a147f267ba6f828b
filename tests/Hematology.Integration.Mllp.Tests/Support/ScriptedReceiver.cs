using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Hematology.Integration.Mllp.Framing;

namespace Hematology.Integration.Mllp.Tests.Support;

/// <summary>
/// A bare TCP receiver on 127.0.0.1 whose replies a test scripts byte for byte: for each frame received it writes
/// whatever the script returns (or nothing), to produce replies no real peer would.
/// </summary>
internal sealed class ScriptedReceiver : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<int, byte[], byte[]?> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly List<Task> _connections = [];
    private int _messages;
    private int _accepted;

    public ScriptedReceiver(Func<int, byte[], byte[]?> script)
    {
        _script = script;
        _listener.Start();
        _loop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int ConnectionsAccepted => Volatile.Read(ref _accepted);

    public int MessagesReceived => Volatile.Read(ref _messages);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception)
        {
            // Stopped.
        }

        await Task.WhenAll(_connections.ToArray()).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            Interlocked.Increment(ref _accepted);
            lock (_connections)
            {
                _connections.Add(ServeAsync(socket));
            }
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            var frames = new MllpFrameReader(PipeReader.Create(stream), 1 << 20, strict: false);
            try
            {
                while (true)
                {
                    var read = await frames.ReadFrameAsync(_stop.Token);
                    if (read.Status != MllpFrameStatus.Frame)
                    {
                        return;
                    }

                    var payload = read.Payload.ToArray();
                    frames.Release();
                    var index = Interlocked.Increment(ref _messages);
                    var reply = _script(index, payload);
                    if (reply is not null)
                    {
                        await stream.WriteAsync(reply, _stop.Token);
                    }
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
            {
                // The test is over or the client went away.
            }
        }
    }
}
