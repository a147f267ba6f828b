using System.CommandLine;

namespace Hematology.Integration.Cli;

/// <summary>Builds the <c>hematology</c> command tree.</summary>
public static class HematologyCommand
{
    /// <summary>Creates the root command with every sub-command.</summary>
    /// <returns>The root command.</returns>
    public static RootCommand Create()
    {
        var root = new RootCommand(
            "Carries hematology-analyzer results into a LIMS safely: acquire exports, validate them, map them to " +
            "HL7 v2.5.1 ORU^R01, deliver them over MLLP, and keep a tamper-evident audit trail.");
        return root;
    }
}
