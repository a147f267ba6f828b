namespace Hematology.Integration.Audit;

/// <summary>The audit trail cannot be opened or written.</summary>
public class AuditTrailException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AuditTrailException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and where.</param>
    public AuditTrailException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and where.</param>
    /// <param name="innerException">The cause.</param>
    public AuditTrailException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
