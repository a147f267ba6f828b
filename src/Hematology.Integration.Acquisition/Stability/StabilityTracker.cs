namespace Hematology.Integration.Acquisition;

/// <summary>
/// Decides when a file is completely written, without sleeping: it remembers each file's (size, modification time)
/// across polls, timed on the local monotonic clock (<see cref="TimeProvider.GetTimestamp"/>), and calls a file
/// stable once the same values were seen in at least <see cref="StabilityOptions.MinObservations"/> polls spanning
/// at least <see cref="StabilityOptions.Window"/>, and the file is not empty. Server times are only ever compared
/// with earlier server times. Not thread-safe: one tracker per source, used by one poll at a time.
/// </summary>
public sealed class StabilityTracker
{
    private readonly StabilityOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Dictionary<string, Observation> _files = new(StringComparer.Ordinal);

    /// <summary>Creates a tracker.</summary>
    /// <param name="options">The window and observation count.</param>
    /// <param name="timeProvider">The monotonic clock; <see langword="null"/> for the system clock.</param>
    public StabilityTracker(StabilityOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        OptionsGuard.ThrowIfInvalid(new StabilityOptionsValidator().Validate(null, options));
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets how many files are being watched.</summary>
    public int Count => _files.Count;

    /// <summary>Records one poll's listing and returns the files that are stable now, oldest first (modification time, then name).</summary>
    /// <param name="files">Every file the poll listed (files no longer listed are forgotten).</param>
    /// <returns>The stable files in a deterministic order.</returns>
    public IReadOnlyList<SourceFile> Observe(IEnumerable<SourceFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var now = _timeProvider.GetTimestamp();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stable = new List<SourceFile>();
        foreach (var file in files)
        {
            if (!seen.Add(file.Name))
            {
                continue;
            }

            if (_files.TryGetValue(file.Name, out var previous) && previous.Length == file.Length && previous.ModifiedAt == file.ModifiedAt)
            {
                previous = previous with { Count = previous.Count + 1 };
                _files[file.Name] = previous;
            }
            else
            {
                previous = new Observation(file.Length, file.ModifiedAt, now, 1);
                _files[file.Name] = previous;
            }

            if (file.Length > 0 && previous.Count >= _options.MinObservations && _timeProvider.GetElapsedTime(previous.Since, now) >= _options.Window)
            {
                stable.Add(file);
            }
        }

        foreach (var name in _files.Keys.Where(n => !seen.Contains(n)).ToList())
        {
            _files.Remove(name);
        }

        stable.Sort(CompareForOrder);
        return stable;
    }

    /// <summary>Forgets a file, so it must be seen stable again (after a change during download, or once taken).</summary>
    /// <param name="name">The file's name.</param>
    public void Forget(string name) => _files.Remove(name);

    /// <summary>The hand-over order: modification time (unknown first), then name (ordinal).</summary>
    internal static int CompareForOrder(SourceFile x, SourceFile y)
    {
        var byTime = Nullable.Compare(x.ModifiedAt, y.ModifiedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(x.Name, y.Name);
    }

    private readonly record struct Observation(long Length, DateTimeOffset? ModifiedAt, long Since, int Count);
}
