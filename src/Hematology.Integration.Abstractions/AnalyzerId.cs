using System.Diagnostics.CodeAnalysis;

namespace Hematology.Integration;

/// <summary>
/// Identifies one analyzer (one result source) in a site configuration, for example <c>xn-1000-lab1</c>.
/// </summary>
/// <remarks>
/// An analyzer id is safe to use in file and folder names, log messages, metric tags and audit entries:
/// it is 1 to 64 characters of ASCII letters, digits, <c>-</c>, <c>_</c> and <c>.</c>, and does not start with a dot.
/// </remarks>
public readonly record struct AnalyzerId
{
    /// <summary>The longest id accepted.</summary>
    public const int MaxLength = 64;

    private AnalyzerId(string value) => Value = value;

    /// <summary>Gets the id's text.</summary>
    public string Value { get; }

    /// <summary>Creates an analyzer id, throwing when <paramref name="value"/> is not a valid id.</summary>
    /// <param name="value">The id's text.</param>
    /// <returns>The analyzer id.</returns>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty, too long or holds a character outside the allowed set.</exception>
    public static AnalyzerId Create(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!TryCreate(value, out var id))
        {
            throw new ArgumentException(
                $"An analyzer id is 1 to {MaxLength} characters of letters, digits, '-', '_' and '.', not starting with '.'.",
                nameof(value));
        }

        return id;
    }

    /// <summary>Tries to create an analyzer id.</summary>
    /// <param name="value">The id's text.</param>
    /// <param name="id">The id, when valid.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is a valid id.</returns>
    public static bool TryCreate([NotNullWhen(true)] string? value, out AnalyzerId id)
    {
        id = default;
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || value[0] == '.')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        id = new AnalyzerId(value);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
