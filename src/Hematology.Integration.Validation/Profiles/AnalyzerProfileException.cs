namespace Hematology.Integration.Validation.Profiles;

/// <summary>Thrown when an analyzer profile cannot be used; lists every problem at once.</summary>
public sealed class AnalyzerProfileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AnalyzerProfileException()
        : this("The analyzer profile is not valid.", [])
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public AnalyzerProfileException(string message)
        : this(message, [])
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public AnalyzerProfileException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    /// <summary>Creates the exception for a list of problems.</summary>
    /// <param name="profileName">The profile's name, when known.</param>
    /// <param name="errors">Every problem found.</param>
    public AnalyzerProfileException(string? profileName, IReadOnlyList<string> errors)
        : base(Format(profileName, errors))
    {
        Errors = errors;
    }

    /// <summary>Gets every problem found in the profile.</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string Format(string? profileName, IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var name = string.IsNullOrEmpty(profileName) ? "The analyzer profile" : $"Analyzer profile '{profileName}'";
        return errors.Count == 0 ? name + " is not valid." : name + " is not valid: " + string.Join(" ", errors);
    }
}
