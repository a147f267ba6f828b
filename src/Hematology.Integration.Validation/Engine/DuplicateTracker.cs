using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Hematology.Integration.Validation.Engine;

/// <summary>
/// Remembers, for the most recent specimens only, which parameters were seen and in which row: duplicate detection
/// in constant memory. Slots of forgotten specimens are reused, so steady state allocates nothing.
/// </summary>
internal sealed class DuplicateTracker
{
    private readonly Slot[] ring;
    private readonly Dictionary<string, int> index = new(StringComparer.Ordinal);
    private int next;
    private Slot? last;

    public DuplicateTracker(int window) => ring = new Slot[window];

    /// <summary>Records <paramref name="code"/> of <paramref name="specimen"/> at <paramref name="row"/>, or returns the row where it was seen first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryAdd(string specimen, string code, long row, out long firstRow)
    {
        var slot = last;
        if (slot is null || !(ReferenceEquals(slot.Specimen, specimen) || string.Equals(slot.Specimen, specimen, StringComparison.Ordinal)))
        {
            // One lookup that adds the specimen when it is new (then its slot is the oldest one, whose specimen is forgotten).
            ref var found = ref CollectionsMarshal.GetValueRefOrAddDefault(index, specimen, out var exists);
            if (exists)
            {
                slot = ring[found];
            }
            else
            {
                found = next;
                slot = ring[next] ??= new Slot();
                if (slot.Specimen is not null)
                {
                    index.Remove(slot.Specimen);
                }

                slot.Specimen = specimen;
                slot.Count = 0;
                next = (next + 1) % ring.Length;
            }

            last = slot;
        }

        for (var i = 0; i < slot.Count; i++)
        {
            var seen = slot.Codes[i];
            if (ReferenceEquals(seen, code) || string.Equals(seen, code, StringComparison.OrdinalIgnoreCase))
            {
                firstRow = slot.Rows[i];
                return false;
            }
        }

        if (slot.Count == slot.Codes.Length)
        {
            Array.Resize(ref slot.Codes, slot.Count * 2);
            Array.Resize(ref slot.Rows, slot.Count * 2);
        }

        slot.Codes[slot.Count] = code;
        slot.Rows[slot.Count] = row;
        slot.Count++;
        firstRow = 0;
        return true;
    }

    private sealed class Slot
    {
#pragma warning disable SA1401, CA1051 // A private nested holder: fields keep the hot path simple.
        public string? Specimen;
        public int Count;
        public string[] Codes = new string[8];
        public long[] Rows = new long[8];
#pragma warning restore SA1401, CA1051
    }
}
