using Hematology.Integration.Resilience;
using System.Net;
using System.Text;
using Hematology.Integration.Destinations;
using Hematology.Integration.Hl7Mapping;
using Hematology.Integration.Pipeline;
using Hematology.Integration.Testing;
using Hematology.Integration.Testing.Peers;

namespace Hematology.Integration.Tests.Destinations;

public sealed class HttpDestinationTests : IDisposable
{
    private const string Message = "MSH|^~\\&|HEMATOLOGY|LAB|LIS|HOSP|20260115080000+0000||ORU^R01^ORU_R01|CTRL42|P|2.5.1\rPID|1||MRN1\r";
    private readonly HttpListener _listener = new();
    private readonly int _port = PeerTools.FreePort();
    private readonly HttpClient _client = new();
    private readonly FakeTimeProvider _time = new();

    public HttpDestinationTests()
    {
        _listener.Prefixes.Add($"http://127.0.0.1:{_port}/hl7/");
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Close();
        _client.Dispose();
    }

    [Fact]
    public async Task SendAsync_MatchingAa_IsAcceptedAndPostsHl7WithItsContentTypeAndCredentials()
    {
        string? contentType = null, authorization = null, body = null;
        var server = ServeOnceAsync(async context =>
        {
            contentType = context.Request.ContentType;
            authorization = context.Request.Headers["Authorization"];
            body = await new StreamReader(context.Request.InputStream).ReadToEndAsync();
            await ReplyAsync(context, 200, Ack(AckCode.ApplicationAccept));
        });
        var destination = Destination(new HttpDestinationOptions { Url = Url(), Username = "lab", Password = "s3cret" });

        var result = await destination.SendAsync(Encoding.UTF8.GetBytes(Message), "CTRL42", default);
        await server;

        Assert.Equal(DeliveryOutcomeKind.Accepted, result.Kind);
        Assert.Equal("AA", result.AckCode);
        Assert.Equal("x-application/hl7-v2+er7; charset=utf-8", contentType);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("lab:s3cret")), authorization);
        Assert.Equal(Message, body);
    }

    [Theory]
    [InlineData(AckCode.ApplicationReject, "Rejected")]
    [InlineData(AckCode.CommitReject, "Rejected")]
    [InlineData(AckCode.ApplicationError, "ApplicationError")]
    [InlineData(AckCode.CommitAccept, "Accepted")]
    public async Task SendAsync_AckCode_MapsToItsOutcome(AckCode code, string expected)
    {
        var server = ServeOnceAsync(context => ReplyAsync(context, 200, Ack(code)));

        var result = await Destination(new HttpDestinationOptions { Url = Url() }).SendAsync(Encoding.UTF8.GetBytes(Message), "CTRL42", default);
        await server;

        Assert.Equal(expected, result.Kind.ToString());
    }

    [Fact]
    public async Task SendAsync_AaForAnotherControlId_IsAProtocolErrorNeverASuccess()
    {
        var server = ServeOnceAsync(context => ReplyAsync(context, 200, Ack(AckCode.ApplicationAccept, Message.Replace("CTRL42", "OTHER1", StringComparison.Ordinal))));

        var result = await Destination(new HttpDestinationOptions { Url = Url() }).SendAsync(Encoding.UTF8.GetBytes(Message), "CTRL42", default);
        await server;

        Assert.Equal(DeliveryOutcomeKind.ProtocolError, result.Kind);
        Assert.Contains("OTHER1", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ServiceUnavailable_IsRetryableConnectionProblem()
    {
        var server = ServeOnceAsync(context => ReplyAsync(context, 503, ""));

        var result = await Destination(new HttpDestinationOptions { Url = Url() }).SendAsync(Encoding.UTF8.GetBytes(Message), "CTRL42", default);
        await server;

        Assert.Equal(DeliveryOutcomeKind.ConnectionClosed, result.Kind);
    }

    [Fact]
    public async Task SendAsync_NotHl7Body_IsAProtocolError()
    {
        var server = ServeOnceAsync(context => ReplyAsync(context, 200, "<html>ok</html>"));

        var result = await Destination(new HttpDestinationOptions { Url = Url() }).SendAsync(Encoding.UTF8.GetBytes(Message), "CTRL42", default);
        await server;

        Assert.Equal(DeliveryOutcomeKind.ProtocolError, result.Kind);
    }

    [Fact]
    public async Task SendAsync_NoResponseWithinTheTimeout_IsAnAckTimeout()
    {
        var release = new TaskCompletionSource();
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = ServeOnceAsync(async context =>
        {
            arrived.SetResult();
            await release.Task;
            context.Response.Abort();
        });
        var send = Destination(new HttpDestinationOptions { Url = Url(), Timeout = TimeSpan.FromSeconds(10) }).SendAsync(Encoding.UTF8.GetBytes(Message), "CTRL42", default).AsTask();

        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(20));
        _time.Advance(TimeSpan.FromSeconds(11));
        var result = await send;
        release.SetResult();
        await server;

        Assert.Equal(DeliveryOutcomeKind.AckTimeout, result.Kind);
    }

    [Fact]
    public async Task SendAsync_NothingListening_IsConnectFailed()
    {
        var port = PeerTools.FreePort();

        var result = await Destination(new HttpDestinationOptions { Url = new Uri($"http://127.0.0.1:{port}/hl7/") }).SendAsync(Encoding.UTF8.GetBytes(Message), "CTRL42", default);

        Assert.Equal(DeliveryOutcomeKind.ConnectFailed, result.Kind);
    }

    [Fact]
    public void ToString_UrlWithCredentials_LeavesThemOut()
    {
        var options = new HttpDestinationOptions { Url = new Uri("https://user:pw@lims.example/hl7"), Password = "pw" };

        Assert.DoesNotContain("pw", options.ToString(), StringComparison.Ordinal);
    }

    private HttpDestination Destination(HttpDestinationOptions options) => new("lims-http", _client, options, _time);

    private Uri Url() => new($"http://127.0.0.1:{_port}/hl7/");

    private static string Ack(AckCode code, string original = Message) =>
        new AckBuilder().Build(Hl7Header.Read(original.AsSpan()), code);

    private async Task ServeOnceAsync(Func<HttpListenerContext, Task> handle)
    {
        var context = await _listener.GetContextAsync().WaitAsync(TimeSpan.FromSeconds(20));
        await handle(context).WaitAsync(TimeSpan.FromSeconds(20));
    }

    private static async Task ReplyAsync(HttpListenerContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        var bytes = Encoding.UTF8.GetBytes(body);
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }
}
