using Hematology.Integration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

var configuration = new ConfigurationBuilder()
    .AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Hematology:SpoolDirectory"] = "consumer-spool",
        ["Hematology:Analyzers:0:Id"] = "xn-1",
        ["Hematology:Analyzers:0:Source:Path"] = "consumer-drop",
        ["Hematology:Destinations:0:Name"] = "lims",
        ["Hematology:Destinations:0:Host"] = "127.0.0.1",
    })
    .Build();

var errors = HematologyConfiguration.Validate(configuration);
if (errors.Count > 0)
{
    Console.Error.WriteLine("consumer: the configuration did not validate: " + string.Join("; ", errors));
    return 1;
}

var services = new ServiceCollection();
services.AddLogging();
services.AddHematologyPipeline(configuration);
using var provider = services.BuildServiceProvider();
var options = provider.GetRequiredService<IOptions<HematologyOptions>>().Value;
if (options.SpoolDirectory != "consumer-spool" || options.Analyzers.Count != 1 || options.Destinations.Count != 1)
{
    Console.Error.WriteLine($"consumer: options were not bound (SpoolDirectory = {options.SpoolDirectory}).");
    return 1;
}

var code = LoincCode.Parse("718-7");
Console.WriteLine($"consumer: AddHematologyPipeline() resolved and validated; LOINC {code} verified.");
return 0;
