using Hematology.Integration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

var configuration = new ConfigurationBuilder()
    .AddInMemoryCollection(new Dictionary<string, string?> { ["Hematology:SpoolDirectory"] = "consumer-spool" })
    .Build();

var services = new ServiceCollection();
services.AddLogging();
services.AddHematologyPipeline(configuration);
using var provider = services.BuildServiceProvider();
var options = provider.GetRequiredService<IOptions<HematologyOptions>>().Value;
if (options.SpoolDirectory != "consumer-spool")
{
    Console.Error.WriteLine($"consumer: options were not bound (SpoolDirectory = {options.SpoolDirectory}).");
    return 1;
}

var code = LoincCode.Parse("718-7");
Console.WriteLine($"consumer: AddHematologyPipeline() resolved; LOINC {code} verified.");
return 0;
