namespace Hematology.Integration.Cli;

/// <summary>An error the command reports as one clear line plus a hint, with its exit code.</summary>
public sealed class CliException : Exception
{
    /// <summary>Creates the error.</summary>
    public CliException()
    {
    }

    /// <summary>Creates the error with a message.</summary>
    /// <param name="message">The one-line error.</param>
    public CliException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and a cause.</summary>
    /// <param name="message">The one-line error.</param>
    /// <param name="innerException">The cause.</param>
    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error with a message, a hint and an exit code.</summary>
    /// <param name="message">The one-line error.</param>
    /// <param name="hint">What to do about it.</param>
    /// <param name="exitCode">The exit code (see <see cref="ExitCodes"/>).</param>
    public CliException(string message, string? hint, int exitCode)
        : base(message)
    {
        Hint = hint;
        ExitCode = exitCode;
    }

    /// <summary>Gets what to do about the error.</summary>
    public string? Hint { get; }

    /// <summary>Gets the exit code.</summary>
    public int ExitCode { get; } = ExitCodes.Failed;
}
