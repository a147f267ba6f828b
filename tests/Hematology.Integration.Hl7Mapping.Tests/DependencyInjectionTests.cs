using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hematology.Integration.Hl7Mapping.Tests;

public sealed class DependencyInjectionTests
{
    [Fact]
    public void AddHl7Mapping_ResolvesBuildersAndCatalog()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new Testing.FakeTimeProvider(Oru.Samples.Now));
        services.AddHl7Mapping(o => o.SendingApplication = "DI-APP", c => c.Ranges.Add(new CatalogRangeOptions { Loinc = "6690-2", Unit = "10*3/uL", Low = 4.5m, High = 11m }));
        using var provider = services.BuildServiceProvider();

        var oru = provider.GetRequiredService<IOruBuilder>();
        var catalog = provider.GetRequiredService<HematologyCatalog>();
        var ack = provider.GetRequiredService<AckBuilder>();

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        oru.Write(buffer, Oru.Samples.CbcOnly(), "C1");
        var message = Hl7Message.Parse(buffer.WrittenSpan);
        Assert.Equal("DI-APP", message.GetValue("MSH-3"));
        Assert.Equal("20250314151533+0000", message.GetValue("MSH-7"));
        Assert.Single(catalog.Ranges);
        Assert.Equal("H", message.GetValue("OBX-8"));
        Assert.NotNull(ack);
    }

    [Fact]
    public void AddHl7Mapping_HostRegistrationsWin()
    {
        var custom = HematologyCatalog.CreateBuilder(includeDefaults: false).Build();
        var services = new ServiceCollection();
        services.AddSingleton(custom);
        services.AddHl7Mapping();
        using var provider = services.BuildServiceProvider();

        Assert.Same(custom, provider.GetRequiredService<HematologyCatalog>());
    }

    [Fact]
    public void AddHl7Mapping_InvalidOptions_FailWithEveryError()
    {
        var services = new ServiceCollection();
        services.AddHl7Mapping(o =>
        {
            o.SendingApplication = string.Empty;
            o.ProcessingId = "Z";
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOruBuilder>());
        Assert.Equal(2, error.Failures.Count());
    }

    [Fact]
    public void AddHl7Mapping_NullServices_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => Hl7MappingServiceCollectionExtensions.AddHl7Mapping(null!));
    }
}
