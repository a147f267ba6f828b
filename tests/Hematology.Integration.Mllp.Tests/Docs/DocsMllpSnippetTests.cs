using Hematology.Integration.Mllp.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hematology.Integration.Mllp.Tests.Docs;

/// <summary>The sender and receiver code shown in docs/mllp.md, compiled and run against each other on 127.0.0.1.</summary>
public sealed class DocsMllpSnippetTests
{
    [Fact]
    public async Task SendAndReceive_DocumentedCode_DeliversAndAccepts()
    {
        var store = new MessageStore();
        var loggerFactory = NullLoggerFactory.Instance;
        var cancellationToken = CancellationToken.None;
        var oruBytes = TestMessages.OruBytes("DOCS1");

        await using var server = MllpServer.Start(new MllpServerOptions { Host = "127.0.0.1", Port = 0 },
            async request =>
            {
                await store.SaveAsync(request.Text, request.CancellationToken);
                return MllpResponse.Accept;
            }, loggerFactory);

        await using IMllpClient client = MllpClient.Create(new MllpClientOptions
        {
            Host = "127.0.0.1",
            Port = server.LocalEndPoint.Port,
        }, loggerFactory);

        MllpSendResult result = await client.SendAsync(oruBytes, cancellationToken);
        var handled = result.Outcome switch
        {
            MllpOutcome.Accepted => "sent",
            MllpOutcome.ApplicationError => "quarantine",
            _ => "retry",
        };

        Assert.Equal("sent", handled);
        Assert.Equal("DOCS1", result.ControlId);
        Assert.Equal("DOCS1", result.Ack!.AcknowledgedControlId);
        Assert.Contains("|DOCS1|", Assert.Single(store.Messages), StringComparison.Ordinal);
    }

    private sealed class MessageStore
    {
        public List<string> Messages { get; } = [];

        public Task SaveAsync(string text, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lock (Messages)
            {
                Messages.Add(text);
            }

            return Task.CompletedTask;
        }
    }
}
