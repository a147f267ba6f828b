using Hematology.Integration.Validation.Engine;

namespace Hematology.Integration.Validation.Tests.Engine;

public sealed class DuplicateTrackerTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(7, 4)]
    [InlineData(64, 5)]
    [InlineData(4096, 6)]
    public void TryAdd_RandomSpecimensAndCodes_AgreesWithASimpleModelOfTheWindow(int window, int seed)
    {
        var random = new Random(seed);
        var tracker = new DuplicateTracker(window);
        var model = new WindowModel(window);
        string[] codes = ["WBC", "wbc", "RBC", "HGB", "PLT", string.Empty];
        var duplicates = 0;
        for (var row = 1L; row <= 50_000; row++)
        {
            // Few distinct specimens relative to the window, so that specimens come back, are forgotten and collide in the table.
            var specimen = "S" + random.Next(window * 3 + 2).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var code = codes[random.Next(codes.Length)];
            var added = tracker.TryAdd(specimen, code, row, out var first);
            var expected = model.TryAdd(specimen, code, row, out var expectedFirst);
            Assert.True(expected == added, $"row {row}: {specimen} {code}");
            Assert.Equal(expectedFirst, first);
            duplicates += added ? 0 : 1;
        }

        Assert.InRange(duplicates, 1, 49_999);
    }

    /// <summary>The window as a list: the most recent <c>window</c> specimens, the oldest forgotten first.</summary>
    private sealed class WindowModel(int window)
    {
        private readonly string?[] specimens = new string?[window];
        private readonly List<(string Code, long Row)>[] seen = Enumerable.Range(0, window).Select(_ => new List<(string, long)>()).ToArray();
        private int next;

        public bool TryAdd(string specimen, string code, long row, out long firstRow)
        {
            var at = Array.IndexOf(specimens, specimen);
            if (at < 0)
            {
                at = next;
                specimens[at] = specimen;
                seen[at].Clear();
                next = (next + 1) % specimens.Length;
            }

            foreach (var (seenCode, seenRow) in seen[at])
            {
                if (string.Equals(seenCode, code, StringComparison.OrdinalIgnoreCase))
                {
                    firstRow = seenRow;
                    return false;
                }
            }

            seen[at].Add((code, row));
            firstRow = 0;
            return true;
        }
    }
}
