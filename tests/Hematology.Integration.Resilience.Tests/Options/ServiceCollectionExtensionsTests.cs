using Hematology.Integration.Resilience.Tests.Support;
using Hematology.Integration.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hematology.Integration.Resilience.Tests.Options;

public sealed class ServiceCollectionExtensionsTests
{
    [Fact]
    public void AddHematologyResilience_Defaults_ResolvesEveryComponent()
    {
        var services = new ServiceCollection();
        services.AddHematologyResilience();
        using var provider = services.BuildServiceProvider(validateScopes: true);

        Assert.IsType<DeliveryPolicy>(provider.GetRequiredService<IDeliveryPolicy>());
        Assert.IsType<EmergencyPause>(provider.GetRequiredService<IEmergencyPause>());
        Assert.IsType<SchedulingLagMonitor>(provider.GetRequiredService<ISchedulingLagMonitor>());
        var sink = Assert.IsType<CompositeAlertSink>(provider.GetRequiredService<IAlertSink>());
        Assert.IsType<LoggerAlertSink>(Assert.Single(sink.Sinks));
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void AddHematologyResilience_ExistingRegistrations_Kept()
    {
        var clock = new FakeTimeProvider();
        var sink = new RecordingAlertSink();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<IAlertSink>(sink);

        services.AddHematologyResilience();
        services.AddHematologyResilience();
        using var provider = services.BuildServiceProvider();

        Assert.Same(clock, provider.GetRequiredService<TimeProvider>());
        Assert.Same(sink, provider.GetRequiredService<IAlertSink>());
        Assert.Single(provider.GetServices<IValidateOptions<ResilienceOptions>>());
        Assert.Single(provider.GetServices<IEmergencyPause>());
    }

    [Fact]
    public async Task AddHematologyResilience_ListenersAndHealthCheck_PluggedIntoPause()
    {
        var recorder = new RecordingAlertSink();
        var services = new ServiceCollection();
        services.AddSingleton<IPauseListener>(recorder);
        services.AddSingleton<IPauseHealthCheck>(new AlwaysHealthy());
        services.AddHematologyResilience(o => o.Pause.ResumeMode = ResumeMode.Either);
        using var provider = services.BuildServiceProvider();
        var pause = provider.GetRequiredService<IEmergencyPause>();

        await pause.PauseAsync("j.smith", "test");
        var resumed = await pause.TryResumeByHealthCheckAsync();

        Assert.True(resumed);
        Assert.Equal(2, recorder.Changes.Count);
    }

    [Fact]
    public void AddHematologyResilience_WebhookAndCommandConfigured_CompositeHasThreeSinks()
    {
        var services = new ServiceCollection();
        services.AddHematologyResilience(o =>
        {
            o.Alerts.WebhookUrl = new Uri("http://127.0.0.1:9/");
            o.Alerts.Command = "/bin/true";
        });
        using var provider = services.BuildServiceProvider();

        var sink = Assert.IsType<CompositeAlertSink>(provider.GetRequiredService<IAlertSink>());

        Assert.Equal(3, sink.Sinks.Count);
    }

    [Fact]
    public void AddHematologyResilience_InvalidOptions_StartupValidationReportsAll()
    {
        var services = new ServiceCollection();
        services.AddHematologyResilience(o =>
        {
            o.Delivery.AckTimeoutRetries = -1;
            o.Pause.ConsecutiveValidationFailures = -1;
        });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(2, ex.Failures.Count());
    }

    [Fact]
    public void AddHematologyResilience_NullServices_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => ResilienceServiceCollectionExtensions.AddHematologyResilience(null!));
    }

    private sealed class AlwaysHealthy : IPauseHealthCheck
    {
        public ValueTask<bool> IsHealthyAsync(CancellationToken cancellationToken) => ValueTask.FromResult(true);
    }
}
