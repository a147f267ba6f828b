// Runs the pipeline from a JSON configuration file: Hematology.Integration.EndToEnd.Host <config.json>.
// Exits 0 when stopped by SIGTERM/SIGINT; the tests also kill it with SIGKILL at random moments.
// It is the README's quick start (plus a config file and quieter logging), so that snippet compiles and runs.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = Host.CreateApplicationBuilder();
builder.Configuration.AddJsonFile(Path.GetFullPath(args[0]), optional: false);
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddHematologyPipeline(builder.Configuration);
using var host = builder.Build();
await host.RunAsync();
