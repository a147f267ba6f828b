namespace Hematology.Integration.Spool;

/// <summary>
/// Read-only access to a spool's quarantine, for operator tools and admin screens: what was set aside, when and why.
/// It reads the reason files only; moving an item back (requeue) goes through the running host, which owns the spool
/// and the audit trail (<see cref="Control.IPipelineControl.RequeueAsync"/>).
/// </summary>
public static class SpoolQuarantine
{
    /// <summary>Lists everything in a spool's quarantine, oldest first.</summary>
    /// <param name="spoolDirectory">The spool folder (see <see cref="HematologyConfiguration.GetSpoolDirectory"/>).</param>
    /// <returns>The quarantined files and messages, each with its id, reason folder, time and summary; empty when there is none.</returns>
    public static IReadOnlyList<QuarantineEntry> List(string spoolDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spoolDirectory);
        return new DurableSpool(spoolDirectory, TimeProvider.System).ListQuarantine();
    }
}
