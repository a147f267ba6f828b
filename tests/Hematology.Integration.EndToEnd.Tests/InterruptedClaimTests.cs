using Hematology.Integration.EndToEnd.Tests.Infrastructure;

namespace Hematology.Integration.EndToEnd.Tests;

/// <summary>A file a crashed host had claimed (moved to the drop folder's processing folder) is taken again, not lost.</summary>
public sealed class InterruptedClaimTests : IDisposable
{
    private readonly Scenario _scenario = new();

    public void Dispose() => _scenario.Dispose();

    [Fact]
    public async Task Pipeline_FileLeftInTheProcessingFolder_IsPutBackAndDelivered()
    {
        var stranded = Exports.Valid(7);
        Directory.CreateDirectory(Path.Combine(_scenario.DropFolder, "processing"));
        await File.WriteAllTextAsync(Path.Combine(_scenario.DropFolder, "processing", "export-00007.csv"), stranded);
        await using var lims = await _scenario.StartLimsAsync();

        await using (var pipeline = await PipelineUnderTest.StartAsync(_scenario.Configure()))
        {
            await pipeline.WaitForIdleAsync(TimeSpan.FromSeconds(60));
        }

        Assert.Equal(Exports.ControlIds(stranded, 2), _scenario.ReceivedControlIds());
        Assert.Empty(Directory.EnumerateFiles(_scenario.DropFolder, "*", SearchOption.AllDirectories));
    }
}
