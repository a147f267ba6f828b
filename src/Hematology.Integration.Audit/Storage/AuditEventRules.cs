namespace Hematology.Integration.Audit.Storage;

/// <summary>What a trail accepts in an event's details: no keys that name patient fields, bounded values.</summary>
internal sealed class AuditEventRules
{
    private readonly HashSet<string> _forbidden;

    public AuditEventRules(IEnumerable<string> forbiddenDetailKeys, int maxDetailValueLength)
    {
        _forbidden = new HashSet<string>(forbiddenDetailKeys.Select(Normalize), StringComparer.Ordinal);
        MaxDetailValueLength = maxDetailValueLength;
    }

    public int MaxDetailValueLength { get; }

    /// <summary>Whether a key names a forbidden field, ignoring case and the separators <c>_</c>, <c>-</c>, <c>.</c> and spaces.</summary>
    public bool IsForbidden(string key) => _forbidden.Contains(Normalize(key));

    private static string Normalize(string key)
    {
        Span<char> buffer = key.Length <= 128 ? stackalloc char[key.Length] : new char[key.Length];
        var n = 0;
        foreach (var c in key)
        {
            if (c is not ('_' or '-' or '.' or ' '))
            {
                buffer[n++] = char.ToLowerInvariant(c);
            }
        }

        return new string(buffer[..n]);
    }
}
