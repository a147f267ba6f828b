using Hematology.Integration.Testing;
using System.CommandLine;
using Hematology.Integration.Cli.Demo;

namespace Hematology.Integration.Cli.Tests.Commands;

public sealed class RunCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Run_ValidSite_DeliversUntilStoppedThenExitsZero()
    {
        await using var lims = LimsSimulator.Start();
        var drop = _folder.Combine("drop");
        Directory.CreateDirectory(drop);
        var file = _folder.Combine("site.json");
        await File.WriteAllTextAsync(file, SiteConfigurations.LocalOnly(_folder.Path, drop, lims.Port));
        await File.WriteAllTextAsync(Path.Combine(drop, "run1.csv"),
            "Patient_ID,Specimen_ID,Test_Code,Result_Value,Units,Flag,Timestamp\n" +
            "DEMO-1,S1,WBC,7.1,10^3/uL,,2026-12-01T08:00:00\n" +
            "DEMO-2,S2,HGB,13.2,g/dL,,2026-12-01T08:01:00\n");

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var running = HematologyCommand.RunAsync(["run", "--config", file], new InvocationConfiguration { Output = output, Error = error }, stop.Token);
        while (lims.MessagesReceived < 2 && !stop.IsCancellationRequested && !running.IsCompleted)
        {
            await Task.Delay(50);
        }

        await stop.CancelAsync();
        var exit = await running.WaitAsync(TimeSpan.FromSeconds(40));

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal(2, lims.MessagesReceived);
        Assert.Equal(2, lims.ResultsReceived);
        Assert.Empty(Directory.GetFiles(drop));
    }
}
