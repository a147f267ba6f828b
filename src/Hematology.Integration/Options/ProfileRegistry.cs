using Hematology.Integration.Validation.Profiles;

namespace Hematology.Integration;

/// <summary>The analyzer profiles an installation can name: the built-in ones and those loaded from profile files.</summary>
internal sealed class ProfileRegistry
{
    private readonly Dictionary<string, AnalyzerProfile> _loaded;

    public ProfileRegistry(HematologyOptions options)
    {
        var errors = new List<string>();
        _loaded = LoadFiles(options.ProfileFiles, errors);
        if (errors.Count > 0)
        {
            throw new AnalyzerProfileException("profile files", errors);
        }
    }

    /// <summary>Resolves a profile by name for an analyzer's time zone.</summary>
    public AnalyzerProfile Resolve(string name, string timeZone) =>
        _loaded.TryGetValue(name, out var profile) ? profile : AnalyzerProfiles.BuiltIn(name, timeZone);

    public static bool IsKnown(string? name, IReadOnlyDictionary<string, AnalyzerProfile> loaded) =>
        name is not null && (loaded.ContainsKey(name) || AnalyzerProfiles.BuiltInNames.Contains(name, StringComparer.Ordinal));

    /// <summary>Loads profile files; a file that cannot be read or is invalid adds an error naming it.</summary>
    public static Dictionary<string, AnalyzerProfile> LoadFiles(IEnumerable<string> files, List<string> errors)
    {
        var profiles = new Dictionary<string, AnalyzerProfile>(StringComparer.Ordinal);
        var index = 0;
        foreach (var file in files)
        {
            var path = $"Hematology:ProfileFiles:{index++}: ";
            try
            {
                var profile = AnalyzerProfiles.FromJson(File.ReadAllText(file));
                if (!profiles.TryAdd(profile.Name, profile))
                {
                    errors.Add(path + $"profile '{profile.Name}' is defined twice.");
                }
            }
            catch (AnalyzerProfileException ex)
            {
                errors.AddRange(ex.Errors.Count > 0 ? ex.Errors.Select(e => path + e) : [path + ex.Message]);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or ArgumentException or NotSupportedException)
            {
                errors.Add(path + $"'{file}' cannot be loaded: {ex.Message}");
            }
        }

        return profiles;
    }
}
