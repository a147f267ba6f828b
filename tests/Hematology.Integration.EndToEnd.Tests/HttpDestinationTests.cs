using System.Net;
using Hematology.Integration.EndToEnd.Tests.Infrastructure;
using Hematology.Integration.Hl7Mapping;
using Hematology.Integration.Testing.Peers;

namespace Hematology.Integration.EndToEnd.Tests;

/// <summary>The second destination kind: HL7 v2 over HTTP (POST, ACK in the response body), with the same ordering and policy.</summary>
public sealed class HttpDestinationTests : IDisposable
{
    private readonly Scenario _scenario = new();

    public void Dispose() => _scenario.Dispose();

    [Fact]
    public async Task Pipeline_HttpLims_ReceivesEveryMessageInOrderWithItsContentTypeAndToken()
    {
        var files = Exports.Drop(_scenario.DropFolder, [Exports.Valid(1), Exports.Valid(2)]);
        var expected = files.SelectMany(f => Exports.ControlIds(f.Content, 2)).ToList();
        var port = PeerTools.FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/hl7/");
        listener.Start();
        var received = new List<(string ControlId, string? ContentType, string? Authorization)>();
        using var stop = new CancellationTokenSource();
        var lims = Task.Run(async () =>
        {
            var acks = new AckBuilder();
            var requests = 0;
            while (!stop.IsCancellationRequested)
            {
                var context = await listener.GetContextAsync().WaitAsync(stop.Token);
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                if (++requests == 1)
                {
                    // The LIMS is briefly unavailable: the message is retried, not lost or reordered.
                    context.Response.StatusCode = 503;
                    context.Response.Close();
                    continue;
                }

                var message = System.Text.Encoding.UTF8.GetString(body.ToArray());
                received.Add((Lims.ControlIdOf(message.Replace("\r\n", "\r", StringComparison.Ordinal)), context.Request.ContentType, context.Request.Headers["Authorization"]));
                var ack = acks.BuildUtf8(body.ToArray(), AckCode.ApplicationAccept);
                context.Response.ContentType = "x-application/hl7-v2+er7";
                await context.Response.OutputStream.WriteAsync(ack);
                context.Response.Close();
            }
        });

        await using (var pipeline = await PipelineUnderTest.StartAsync(_scenario.Configure(o =>
        {
            o.Destinations.Clear();
            o.Destinations.Add(new DestinationOptions { Name = "lims-rest", Kind = DestinationKind.Http, Url = new Uri($"http://127.0.0.1:{port}/hl7/oru"), BearerToken = "t0ken-e2e" });
        })))
        {
            await pipeline.WaitForIdleAsync(TimeSpan.FromSeconds(90));
            Assert.Equal(4, pipeline.Monitor.GetSnapshot().MessagesDelivered);
            Assert.DoesNotContain(pipeline.Logs.Entries, e => e.Message.Contains("t0ken-e2e", StringComparison.Ordinal));
        }

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => lims);
        Assert.Equal(expected, received.Select(r => r.ControlId));
        Assert.All(received, r => Assert.StartsWith("x-application/hl7-v2+er7", r.ContentType, StringComparison.Ordinal));
        Assert.All(received, r => Assert.Equal("Bearer t0ken-e2e", r.Authorization));
    }
}
