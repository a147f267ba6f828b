using Hematology.Integration.Testing;

namespace Hematology.Integration.Acquisition.Tests.Stability;

public sealed class StabilityTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Observe_UnchangedForTheWindowOverTwoPolls_IsStable()
    {
        var time = new FakeTimeProvider();
        var tracker = new StabilityTracker(new StabilityOptions(), time);
        var file = new SourceFile("a.csv", 10, T0);

        Assert.Empty(tracker.Observe([file]));
        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Empty(tracker.Observe([file]));
        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal([file], tracker.Observe([file]));
    }

    [Fact]
    public void Observe_SizeOrTimeChanges_RestartsTheWindow()
    {
        var time = new FakeTimeProvider();
        var tracker = new StabilityTracker(new StabilityOptions(), time);

        tracker.Observe([new SourceFile("a.csv", 10, T0)]);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Empty(tracker.Observe([new SourceFile("a.csv", 20, T0)]));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Empty(tracker.Observe([new SourceFile("a.csv", 20, T0.AddSeconds(1))]));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Single(tracker.Observe([new SourceFile("a.csv", 20, T0.AddSeconds(1))]));
    }

    [Fact]
    public void Observe_EmptyFile_IsNeverStable()
    {
        var time = new FakeTimeProvider();
        var tracker = new StabilityTracker(new StabilityOptions(), time);
        var file = new SourceFile("empty.csv", 0, T0);

        for (var i = 0; i < 5; i++)
        {
            Assert.Empty(tracker.Observe([file]));
            time.Advance(TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public void Observe_ServerClockFarInThePast_DoesNotMatterOnlyTheLocalClockDoes()
    {
        var time = new FakeTimeProvider();
        var tracker = new StabilityTracker(new StabilityOptions(), time);
        var old = new SourceFile("old.csv", 10, new DateTimeOffset(1999, 1, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Empty(tracker.Observe([old]));
        Assert.Empty(tracker.Observe([old])); // two observations but no local time passed
    }

    [Fact]
    public void Observe_StableFiles_ComeInModifiedTimeThenNameOrder()
    {
        var time = new FakeTimeProvider();
        var tracker = new StabilityTracker(new StabilityOptions { MinObservations = 1, Window = TimeSpan.Zero }, time);
        SourceFile[] files = [new("c.csv", 1, T0.AddMinutes(1)), new("b.csv", 1, T0), new("a.csv", 1, T0.AddMinutes(1)), new("z.csv", 1, null)];

        var stable = tracker.Observe(files);

        Assert.Equal(["z.csv", "b.csv", "a.csv", "c.csv"], stable.Select(f => f.Name));
    }

    [Fact]
    public void Observe_FileNoLongerListed_IsForgotten()
    {
        var time = new FakeTimeProvider();
        var tracker = new StabilityTracker(new StabilityOptions(), time);
        var file = new SourceFile("a.csv", 10, T0);
        tracker.Observe([file]);

        tracker.Observe([]);
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(0, tracker.Count);
        Assert.Empty(tracker.Observe([file]));
    }

    [Fact]
    public void Forget_AStableFile_MustBeSeenStableAgain()
    {
        var time = new FakeTimeProvider();
        var tracker = new StabilityTracker(new StabilityOptions(), time);
        var file = new SourceFile("a.csv", 10, T0);
        tracker.Observe([file]);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Single(tracker.Observe([file]));

        tracker.Forget("a.csv");

        Assert.Empty(tracker.Observe([file]));
    }
}
