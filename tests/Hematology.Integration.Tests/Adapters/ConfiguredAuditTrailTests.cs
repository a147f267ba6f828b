using System.Globalization;
using Hematology.Integration.Adapters;
using Hematology.Integration.Audit;

namespace Hematology.Integration.Tests.Adapters;

public sealed class ConfiguredAuditTrailTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("configured-audit-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData(AuditStoreKind.JsonLines)]
    [InlineData(AuditStoreKind.Sqlite)]
    public async Task AppendAsync_CallsThatDoNotWaitForTheFlush_KeepTheOrderOfTheCalls(AuditStoreKind store)
    {
        var options = new HematologyOptions { SpoolDirectory = _root };
        options.Audit.Store = store;
        var trail = new ConfiguredAuditTrail(options, null, TimeProvider.System);
        await using (trail.ConfigureAwait(false))
        {
            // One caller, one call after the other, never waiting for a flush (what the pipeline does with the events
            // of one file), from before the store is opened on: the trail holds them in the order of the calls.
            var appends = new List<Task<AuditEntry>>();
            for (var i = 0; i < 2000; i++)
            {
                appends.Add(trail.AppendAsync(new AuditEvent { Type = AuditEventTypes.FileAcquired, FileName = i.ToString(CultureInfo.InvariantCulture) }).AsTask());
                if (i % 10 == 0)
                {
                    Thread.Sleep(0);
                }
            }

            var entries = await Task.WhenAll(appends).WaitAsync(TimeSpan.FromSeconds(60));

            for (var i = 0; i < entries.Length; i++)
            {
                Assert.Equal(i.ToString(CultureInfo.InvariantCulture), entries[i].Event.FileName);
                Assert.Equal(entries[0].Sequence + i, entries[i].Sequence);
            }
        }
    }
}
