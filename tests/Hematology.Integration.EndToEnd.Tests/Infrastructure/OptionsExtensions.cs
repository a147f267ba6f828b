namespace Hematology.Integration.EndToEnd.Tests.Infrastructure;

internal static class OptionsExtensions
{
    /// <summary>Builds the options a configure action describes (to find the spool and audit paths after the host stopped).</summary>
    public static HematologyOptions Options(this Action<HematologyOptions> configure, Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var options = new HematologyOptions();
        configure(options);
        return options;
    }
}
