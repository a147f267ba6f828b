using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Hematology.Integration;

/// <summary>
/// Ties together every event of one file's journey (acquisition, validation, messages, ACKs) in logs, traces
/// and the audit trail. It carries no patient data.
/// </summary>
public readonly record struct CorrelationId
{
    private CorrelationId(string value) => Value = value;

    /// <summary>Gets the id's text: 32 lower-case hexadecimal characters.</summary>
    public string Value { get; }

    /// <summary>Creates a new, time-ordered correlation id (a version 7 UUID without dashes).</summary>
    /// <param name="timeProvider">The clock that stamps the id.</param>
    /// <returns>A new correlation id.</returns>
    public static CorrelationId New(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return new CorrelationId(Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString("N", CultureInfo.InvariantCulture));
    }

    /// <summary>Parses a correlation id written by <see cref="ToString"/>.</summary>
    /// <param name="value">32 hexadecimal characters.</param>
    /// <param name="id">The id, when valid.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is a valid id.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, out CorrelationId id)
    {
        id = default;
        if (value is null || value.Length != 32 || !Guid.TryParseExact(value, "N", out _))
        {
            return false;
        }

        id = new CorrelationId(value.ToLowerInvariant());
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
