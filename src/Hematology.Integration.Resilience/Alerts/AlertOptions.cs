namespace Hematology.Integration.Resilience;

/// <summary>
/// Options of the alert sinks. Alerts always go to the log (critical level for a pause); a webhook and a command can
/// be added. Alerts never carry patient data.
/// </summary>
public sealed class AlertOptions
{
    /// <summary>Gets or sets the URL that receives each alert as a JSON <c>POST</c>; <c>http</c> or <c>https</c>.</summary>
    /// <value>The default is <see langword="null"/> (no webhook).</value>
    public Uri? WebhookUrl { get; set; }

    /// <summary>Gets or sets how long one webhook call may take.</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan WebhookTimeout { get; set; } = ResilienceDefaults.WebhookTimeout;

    /// <summary>Gets or sets the executable run for each alert, with the alert as JSON on its standard input.</summary>
    /// <value>The default is <see langword="null"/> (no command).</value>
    public string? Command { get; set; }

    /// <summary>Gets the arguments passed to <see cref="Command"/>, one per element (no shell parsing).</summary>
    /// <value>The default is empty.</value>
    public IList<string> CommandArguments { get; } = [];

    /// <summary>Gets or sets how long the command may run before it is killed and the alert counts as failed.</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan CommandTimeout { get; set; } = ResilienceDefaults.CommandTimeout;
}
