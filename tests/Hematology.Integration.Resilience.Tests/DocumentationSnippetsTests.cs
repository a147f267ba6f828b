using Hematology.Integration.Resilience.Tests.Support;
using Hematology.Integration.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hematology.Integration.Resilience.Tests;

/// <summary>The code shown in the README and docs/resilience.md, kept compiling and running.</summary>
public sealed class DocumentationSnippetsTests
{
    [Fact]
    public async Task ReadmeQuickStart_DispatcherLoop_DeliversAndReports()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().Build();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider());
        services.AddHematologyResilience()
                .Bind(configuration.GetSection("Hematology:Resilience"));
        using var provider = services.BuildServiceProvider();
        var policy = provider.GetRequiredService<IDeliveryPolicy>();
        var pause = provider.GetRequiredService<IEmergencyPause>();
        var transport = new FakeTransport();
        var message = new byte[] { 0x4D, 0x53, 0x48 };
        var drainToken = pause.PauseToken;

        var decision = await policy.ExecuteAsync("lims", async attempt =>
        {
            var result = await transport.SendAsync(message, attempt.CancellationToken);
            pause.ReportDelivery(attempt.Destination, result);
            return result;
        }, drainToken);

        Assert.Equal(DeliveryDecisionKind.Delivered, decision.Kind);
        Assert.Equal(1, transport.Sent);
        Assert.Equal(TimeSpan.FromMilliseconds(20), pause.Observations.MaxMeanAckLatency);
    }

    [Fact]
    public async Task DocsWithoutDependencyInjection_ComponentsWork()
    {
        var timeProvider = new FakeTimeProvider();
        var loggerFactory = new RecordingLogger();
        using var httpClient = new HttpClient();

        var policy = ResilienceFactory.CreateDeliveryPolicy(new DeliveryPolicyOptions(), new CircuitBreakerOptions(), timeProvider, loggerFactory);
        var alerts = AlertSinks.Composite([AlertSinks.Logger(loggerFactory), AlertSinks.Webhook(httpClient, new Uri("https://alerts.example.org/hooks/lab"))], loggerFactory);
        var pause = ResilienceFactory.CreateEmergencyPause(new EmergencyPauseOptions(), alerts, healthCheck: null, listeners: null, timeProvider, loggerFactory);
        var lag = ResilienceFactory.CreateSchedulingLagMonitor(new SchedulingLagOptions(), onSample: null, timeProvider, loggerFactory);

        Assert.Equal(CircuitState.Closed, policy.GetCircuit("lims").State);
        Assert.False(pause.IsPaused);
        Assert.Equal(0, lag.Statistics.Samples);
        Assert.True(await pause.PauseAsync("j.smith", "snippet"));
    }

    private sealed class FakeTransport
    {
        public int Sent { get; private set; }

        public ValueTask<DeliveryResult> SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Sent++;
            return ValueTask.FromResult(new DeliveryResult(DeliveryOutcomeKind.Accepted, "AA", TimeSpan.FromMilliseconds(20), $"accepted {message.Length} bytes"));
        }
    }
}
