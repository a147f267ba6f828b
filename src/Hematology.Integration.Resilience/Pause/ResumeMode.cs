namespace Hematology.Integration.Resilience;

/// <summary>Who may lift an emergency pause.</summary>
public enum ResumeMode
{
    /// <summary>Only an operator, with a name and a reason (audited).</summary>
    Operator,

    /// <summary>Only a passing automated health check (<see cref="IPauseHealthCheck"/>); operator resume is refused.</summary>
    HealthCheck,

    /// <summary>An operator or a passing automated health check, whichever comes first.</summary>
    Either,
}
