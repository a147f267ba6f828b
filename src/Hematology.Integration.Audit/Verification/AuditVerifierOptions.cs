namespace Hematology.Integration.Audit;

/// <summary>Options of the audit verifier.</summary>
public sealed class AuditVerifierOptions
{
    /// <summary>Gets or sets the folder that relative artifact paths are resolved against.</summary>
    /// <value>The default is <see langword="null"/>: the current directory.</value>
    public string? ArtifactRoot { get; set; }

    /// <summary>Gets or sets whether retained copies named in the trail are re-hashed.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool VerifyArtifacts { get; set; } = true;

    /// <summary>Gets or sets a trusted anchor kept outside the trail (for example from the last report): the entry at its sequence must exist and have its hash.</summary>
    /// <value>The default is <see langword="null"/>: only the trail's own head marker is checked.</value>
    public AuditAnchor? Anchor { get; set; }
}

/// <summary>Verifies an audit trail: the hash chain, the head marker and the retained copies the trail names.</summary>
public interface IAuditVerifier
{
    /// <summary>Reads the whole trail and verifies it.</summary>
    /// <param name="reader">The trail.</param>
    /// <param name="cancellationToken">Stops the verification.</param>
    /// <returns>The report; a broken trail is a report, not an exception.</returns>
    ValueTask<AuditVerificationReport> VerifyAsync(IAuditTrailReader reader, CancellationToken cancellationToken = default);
}
