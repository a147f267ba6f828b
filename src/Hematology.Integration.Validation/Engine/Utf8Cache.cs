using System.Runtime.CompilerServices;

namespace Hematology.Integration.Validation.Engine;

/// <summary>
/// A small cache from UTF-8 cell contents to what they resolved to (a parameter, a unit, a flag): analyzer exports
/// repeat a handful of distinct values, so a short linear search over bytes beats decoding and hashing every cell.
/// </summary>
internal sealed class Utf8Cache<T>
{
    private const int Capacity = 64;
    private readonly byte[][] keys = new byte[Capacity][];
    private readonly T[] values = new T[Capacity];
    private int count;
    private int last;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGet(ReadOnlySpan<byte> key, out T value)
    {
        // The value of the previous row is the most likely one.
        if (count > 0 && key.SequenceEqual(keys[last]))
        {
            value = values[last];
            return true;
        }

        for (var i = 0; i < count; i++)
        {
            if (keys[i].Length == key.Length && key.SequenceEqual(keys[i]))
            {
                last = i;
                value = values[i];
                return true;
            }
        }

        value = default!;
        return false;
    }

    public void Add(ReadOnlySpan<byte> key, T value)
    {
        if (count < Capacity)
        {
            keys[count] = key.ToArray();
            values[count] = value;
            last = count;
            count++;
        }
    }
}
