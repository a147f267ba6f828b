namespace Hematology.Integration.Testing.Peers;

/// <summary>
/// Thrown when a real peer a test needs is not installed. The message names what to install; a missing peer
/// fails the test run, it is never a silent skip.
/// </summary>
public sealed class PeerMissingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PeerMissingException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is missing and how to install it.</param>
    public PeerMissingException(string message)
        : base(message + " Run tests/peers/install.sh (or ./test.sh, which calls it).")
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">What is missing.</param>
    /// <param name="innerException">The cause.</param>
    public PeerMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
