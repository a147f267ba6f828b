using Hematology.Integration.Resilience;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Hematology.Integration.Pipeline;

namespace Hematology.Integration.Destinations;

/// <summary>Delivers messages to a LIMS REST endpoint (HL7 v2 over HTTP), with the same outcomes as MLLP.</summary>
internal sealed class HttpDestination(
    string name,
    HttpClient client,
    HttpDestinationOptions options,
    TimeProvider timeProvider) : IDestinationPort
{
    public string Name { get; } = name;

    public async ValueTask<DeliveryResult> SendAsync(ReadOnlyMemory<byte> message, string controlId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Url);
        var content = new ReadOnlyMemoryContent(message);
        content.Headers.ContentType = new MediaTypeHeaderValue(options.ContentType) { CharSet = "utf-8" };
        request.Content = content;
        if (options.BearerToken is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else if (options.Username is { Length: > 0 } user)
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + options.Password));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        }

        using var timeout = new CancellationTokenSource(options.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var started = timeProvider.GetTimestamp();
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
            var latency = timeProvider.GetElapsedTime(started);
            if (body.Length > 0 && response.IsSuccessStatusCode)
            {
                return AckClassifier.Classify(body, controlId, latency);
            }

            var status = (int)response.StatusCode;
            return status >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests
                ? new DeliveryResult(DeliveryOutcomeKind.ConnectionClosed, null, latency, $"HTTP {status} without an ACK: the LIMS endpoint is unavailable")
                : new DeliveryResult(DeliveryOutcomeKind.Rejected, null, latency, $"HTTP {status} without an ACK: the endpoint refused the request (check the URL and credentials)");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new DeliveryResult(DeliveryOutcomeKind.AckTimeout, null, timeProvider.GetElapsedTime(started), $"no response within {options.Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            var kind = ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError
                ? DeliveryOutcomeKind.ConnectFailed
                : DeliveryOutcomeKind.ConnectionClosed;
            return new DeliveryResult(kind, null, timeProvider.GetElapsedTime(started), $"HTTP {ex.HttpRequestError}: {ex.Message}");
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
