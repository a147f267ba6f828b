using System.Net;
using System.Text.Json;
using Hematology.Integration.Resilience.Tests.Support;
using Hematology.Integration.Testing;
using Hematology.Integration.Testing.Peers;

namespace Hematology.Integration.Resilience.Tests.Alerts;

public sealed class WebhookAlertSinkTests
{
    private static readonly Alert Sample = new(AlertSeverity.Critical, "Hematology integration paused", "5 consecutive ACK timeouts from lims")
    {
        Code = "pause.ConsecutiveAckTimeouts",
        Timestamp = new DateTimeOffset(2026, 1, 15, 8, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public async Task AlertAsync_PostsJsonToUrl()
    {
        var handler = new RecordingHandler(HttpStatusCode.NoContent);
        using var client = new HttpClient(handler);
        var sink = AlertSinks.Webhook(client, new Uri("https://alerts.example.test/hooks/lab"));

        await sink.AlertAsync(Sample);

        Assert.Equal(HttpMethod.Post, handler.Method);
        Assert.Equal("https://alerts.example.test/hooks/lab", handler.Uri!.ToString());
        Assert.Equal("application/json", handler.ContentType);
        using var json = JsonDocument.Parse(handler.Body!);
        var root = json.RootElement;
        Assert.Equal("Hematology.Integration", root.GetProperty("source").GetString());
        Assert.Equal("Critical", root.GetProperty("severity").GetString());
        Assert.Equal("Hematology integration paused", root.GetProperty("title").GetString());
        Assert.Equal("5 consecutive ACK timeouts from lims", root.GetProperty("detail").GetString());
        Assert.Equal("pause.ConsecutiveAckTimeouts", root.GetProperty("code").GetString());
        Assert.Equal(Sample.Timestamp, root.GetProperty("timestamp").GetDateTimeOffset());
    }

    [Fact]
    public async Task AlertAsync_ServerError_ThrowsWithStatus()
    {
        using var client = new HttpClient(new RecordingHandler(HttpStatusCode.ServiceUnavailable));
        var sink = AlertSinks.Webhook(client, new Uri("http://alerts.example.test/"));

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => sink.AlertAsync(Sample).AsTask());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
    }

    [Fact]
    public async Task AlertAsync_NoAnswerWithinTimeout_ThrowsTimeout()
    {
        var clock = new FakeTimeProvider();
        using var client = new HttpClient(new RecordingHandler(HttpStatusCode.OK) { Hang = true });
        var sink = AlertSinks.Webhook(client, new Uri("http://alerts.example.test/"), TimeSpan.FromSeconds(5), clock);

        var sending = sink.AlertAsync(Sample).AsTask();
        Wait.Until(() => clock.PendingTimers > 0, "the webhook timeout");
        clock.Advance(TimeSpan.FromSeconds(5));

        await Assert.ThrowsAsync<TimeoutException>(() => sending);
    }

    [Fact]
    public async Task AlertAsync_RealHttpListener_ReceivesJsonBody()
    {
        var port = PeerTools.FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/alerts/");
        listener.Start();
        var received = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var contentType = context.Request.ContentType;
            context.Response.StatusCode = 200;
            context.Response.Close();
            return (body, contentType, context.Request.HttpMethod);
        });
        using var client = new HttpClient();
        var sink = AlertSinks.Webhook(client, new Uri($"http://127.0.0.1:{port}/alerts/"));

        await sink.AlertAsync(Sample);

        var (body, contentType, method) = await received.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("POST", method);
        Assert.StartsWith("application/json", contentType, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Critical", json.RootElement.GetProperty("severity").GetString());
    }

    [Theory]
    [InlineData("ftp://alerts.example.test/")]
    [InlineData("file:///tmp/alerts")]
    public void Webhook_NonHttpUrl_Rejected(string url)
    {
        using var client = new HttpClient();

        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => AlertSinks.Webhook(client, new Uri(url)));
    }

    private sealed class RecordingHandler(HttpStatusCode status) : HttpMessageHandler
    {
        public bool Hang { get; init; }

        public HttpMethod? Method { get; private set; }

        public Uri? Uri { get; private set; }

        public string? ContentType { get; private set; }

        public string? Body { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Method = request.Method;
            Uri = request.RequestUri;
            ContentType = request.Content?.Headers.ContentType?.MediaType;
            Body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            if (Hang)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }

            return new HttpResponseMessage(status);
        }
    }
}
