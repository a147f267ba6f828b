using System.Net.Http.Headers;

namespace Hematology.Integration.Resilience;

/// <summary>Posts each alert as JSON to a URL.</summary>
internal sealed class WebhookAlertSink(HttpClient client, Uri url, TimeSpan timeout, TimeProvider timeProvider) : IAlertSink
{
    public async ValueTask AlertAsync(Alert alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        using var content = new ByteArrayContent(AlertPayload.Serialize(alert));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        try
        {
            using var response = await client.PostAsync(url, content, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"The alert webhook answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
            }
        }
        catch (OperationCanceledException ex) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The alert webhook did not answer within {timeout.TotalSeconds:0.###} s.", ex);
        }
    }
}
