using System.Text;
using Microsoft.Extensions.Configuration;

namespace Hematology.Integration.Resilience.Tests.Options;

public sealed class ConfigurationBindingTests
{
    [Fact]
    public void Bind_HematologyResilienceSection_SetsNestedOptions()
    {
        const string json = """
            {
              "Hematology": {
                "Resilience": {
                  "Delivery": { "AckTimeoutRetries": 3, "MaxConnectionRetries": 10, "JitterFactor": 0.1, "RetryBaseDelay": "00:00:02" },
                  "CircuitBreaker": { "FailureThreshold": 8, "BreakDuration": "00:01:00" },
                  "Pause": { "MaxOutboxDepth": 500, "ResumeMode": "Either", "AckLatencyThreshold": "00:00:05" },
                  "Alerts": { "WebhookUrl": "https://alerts.example.test/lab", "Command": "/usr/local/bin/page-oncall", "CommandArguments": [ "--team", "lab" ] },
                  "SchedulingLag": { "Enabled": false, "WarningThreshold": "00:00:00.5" }
                }
              }
            }
            """;
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        var configuration = new ConfigurationBuilder().AddJsonStream(stream).Build();
        var options = new ResilienceOptions();

        configuration.GetSection("Hematology:" + ResilienceOptions.SectionName).Bind(options);

        Assert.Equal(3, options.Delivery.AckTimeoutRetries);
        Assert.Equal(10, options.Delivery.MaxConnectionRetries);
        Assert.Equal(0.1, options.Delivery.JitterFactor);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Delivery.RetryBaseDelay);
        Assert.Equal(8, options.CircuitBreaker.FailureThreshold);
        Assert.Equal(TimeSpan.FromMinutes(1), options.CircuitBreaker.BreakDuration);
        Assert.Equal(500, options.Pause.MaxOutboxDepth);
        Assert.Equal(ResumeMode.Either, options.Pause.ResumeMode);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Pause.AckLatencyThreshold);
        Assert.Equal(new Uri("https://alerts.example.test/lab"), options.Alerts.WebhookUrl);
        Assert.Equal("/usr/local/bin/page-oncall", options.Alerts.Command);
        Assert.Equal(["--team", "lab"], options.Alerts.CommandArguments);
        Assert.False(options.SchedulingLag.Enabled);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.SchedulingLag.WarningThreshold);
        Assert.True(new ResilienceOptionsValidator().Validate(null, options).Succeeded);
    }
}
