using Hematology.Integration.Mllp.Tests.Client;
using Hematology.Integration.Mllp.Tests.Support;
using Hematology.Integration.Testing.Peers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Hematology.Integration.Mllp.Tests.DependencyInjection;

public sealed class MllpServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddMllpClient_ValidOptions_ResolvesOneSharedClient()
    {
        var services = new ServiceCollection().AddMllpClient(o => o.Host = "127.0.0.1");
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IMllpClient>();

        Assert.Same(client, provider.GetRequiredService<IMllpClient>());
    }

    [Fact]
    public async Task AddMllpClient_InvalidOptions_FailsValidation()
    {
        var services = new ServiceCollection().AddMllpClient(o => o.Port = 0);
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<MllpClientOptions>>().Value);

        Assert.Equal(2, ex.Failures.Count());
    }

    [Fact]
    public async Task AddMllpServer_HostedService_ServesWithTheRegisteredHandlerAndStops()
    {
        var port = PeerTools.FreePort();
        var services = new ServiceCollection()
            .AddMllpServer(o => { o.Host = "127.0.0.1"; o.Port = port; })
            .AddSingleton<IMllpMessageHandler>(new RejectingHandler());
        await using var provider = services.BuildServiceProvider();
        var hosted = Assert.Single(provider.GetServices<IHostedService>());

        await hosted.StartAsync(CancellationToken.None);
        await using (var client = MllpClientPythonPeerTests.Create(port))
        {
            Assert.Equal(MllpOutcome.Rejected, (await client.SendAsync(TestMessages.OruBytes("DI1"))).Outcome);
        }

        await hosted.StopAsync(CancellationToken.None);
        await using var after = MllpClientPythonPeerTests.Create(port);
        Assert.Equal(MllpOutcome.ConnectFailed, (await after.SendAsync(TestMessages.OruBytes("DI2"))).Outcome);
    }

    [Fact]
    public void AddMllpServer_CalledTwice_RegistersOneHostedService()
    {
        var services = new ServiceCollection().AddMllpServer().AddMllpServer();

        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
    }

    private sealed class RejectingHandler : IMllpMessageHandler
    {
        public ValueTask<MllpResponse> HandleAsync(MllpRequest request) => ValueTask.FromResult(MllpResponse.Ack(Hematology.Integration.Hl7Mapping.AckCode.ApplicationReject));
    }
}
