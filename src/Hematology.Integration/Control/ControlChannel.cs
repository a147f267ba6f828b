using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace Hematology.Integration.Control;

/// <summary>One request on the control channel (one JSON object per line).</summary>
internal sealed record ControlRequest(string Command, string? Operator = null, string? Reason = null, string? Id = null);

/// <summary>The answer to a control request.</summary>
internal sealed record ControlResponse(bool Ok, string? Error = null, PipelineStatus? Status = null);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ControlRequest))]
[JsonSerializable(typeof(ControlResponse))]
internal sealed partial class ControlJsonContext : JsonSerializerContext;

/// <summary>
/// The local control channel of a running host: a Unix domain socket (<c>&lt;spool&gt;/control.sock</c>) that only
/// the host's own user can open (mode 0600), so <c>hematology pause status</c> and <c>hematology resume</c> work on the
/// same machine and nowhere else. One JSON request per line, one JSON response per line.
/// </summary>
internal sealed partial class ControlChannelServer(string socketPath, IPipelineControl control, ILogger<ControlChannelServer> logger) : IAsyncDisposable
{
    private Socket? _listener;
    private Task? _accepting;
    private readonly CancellationTokenSource _stop = new();

    public string SocketPath { get; } = socketPath;

    public void Start()
    {
        if (File.Exists(SocketPath))
        {
            File.Delete(SocketPath); // a stale socket from a crashed host
        }

        Directory.CreateDirectory(Path.GetDirectoryName(SocketPath)!);
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(SocketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        _listener.Listen(4);
        _accepting = AcceptLoopAsync(_stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        if (_accepting is not null)
        {
            try
            {
                await _accepting.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }

        _stop.Dispose();
        if (File.Exists(SocketPath))
        {
            File.Delete(SocketPath);
        }
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener!.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException or OperationCanceledException)
            {
                return;
            }

            _ = HandleAsync(client, cancellationToken);
        }
    }

    private async Task HandleAsync(Socket client, CancellationToken cancellationToken)
    {
        using (client)
        {
            var stream = new NetworkStream(client, ownsSocket: false);
            await using (stream.ConfigureAwait(false))
            {
                using var reader = new StreamReader(stream, Encoding.UTF8);
                var line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                ControlResponse response;
                try
                {
                    var request = line is null ? null : JsonSerializer.Deserialize(line, ControlJsonContext.Default.ControlRequest);
                    response = request?.Command switch
                    {
                        "status" => new ControlResponse(true, Status: await control.GetStatusAsync(cancellationToken).ConfigureAwait(false)),
                        "pause" => new ControlResponse(true, Status: await control.PauseAsync(request.Operator ?? string.Empty, request.Reason ?? string.Empty, cancellationToken).ConfigureAwait(false)),
                        "resume" => new ControlResponse(true, Status: await control.ResumeAsync(request.Operator ?? string.Empty, request.Reason ?? string.Empty, cancellationToken).ConfigureAwait(false)),
                        "requeue" => new ControlResponse(true, Status: await control.RequeueAsync(request.Id ?? string.Empty, request.Operator ?? string.Empty, request.Reason ?? string.Empty, cancellationToken).ConfigureAwait(false)),
                        _ => new ControlResponse(false, "Unknown command; expected status, pause, resume or requeue."),
                    };
                }
                catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or KeyNotFoundException)
                {
                    response = new ControlResponse(false, ex.Message);
                }

                LogRequest(logger, line?.Length ?? 0, response.Ok);
                var bytes = JsonSerializer.SerializeToUtf8Bytes(response, ControlJsonContext.Default.ControlResponse);
                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                await stream.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 7030, Level = LogLevel.Information, Message = "Control request ({Length} bytes) handled, ok = {Ok}")]
    private static partial void LogRequest(ILogger logger, int length, bool ok);
}

/// <summary>The client side of the control channel, used by the <c>hematology</c> command.</summary>
public static class ControlChannelClient
{
    /// <summary>The socket's file name inside the spool folder.</summary>
    public const string SocketFileName = "control.sock";

    /// <summary>Sends one request to a running host and returns its status.</summary>
    /// <param name="socketPath">The host's control socket (<c>&lt;spool&gt;/control.sock</c>).</param>
    /// <param name="command"><c>status</c>, <c>pause</c>, <c>resume</c> or <c>requeue</c>.</param>
    /// <param name="operatorName">The operator, for pause, resume and requeue.</param>
    /// <param name="reason">The reason, for pause, resume and requeue.</param>
    /// <param name="id">The quarantine id, for requeue.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The host's status after the command.</returns>
    /// <exception cref="InvalidOperationException">No host answers on the socket, or the host refused the request (the message says why).</exception>
    public static async Task<PipelineStatus> SendAsync(string socketPath, string command, string? operatorName = null, string? reason = null, string? id = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(socketPath))
        {
            throw new InvalidOperationException($"No running host: the control socket {socketPath} does not exist.");
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new InvalidOperationException($"No running host answers on {socketPath} ({ex.SocketErrorCode}).", ex);
        }

        var stream = new NetworkStream(socket, ownsSocket: false);
        await using (stream.ConfigureAwait(false))
        {
            var request = JsonSerializer.SerializeToUtf8Bytes(new ControlRequest(command, operatorName, reason, id), ControlJsonContext.Default.ControlRequest);
            await stream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The host closed the control channel without answering.");
            var response = JsonSerializer.Deserialize(line, ControlJsonContext.Default.ControlResponse)
                ?? throw new InvalidOperationException("The host's answer was empty.");
            return response.Ok && response.Status is not null
                ? response.Status
                : throw new InvalidOperationException(response.Error ?? "The host refused the request.");
        }
    }
}
