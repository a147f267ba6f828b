namespace Hematology.Integration.Destinations;

/// <summary>
/// A LIMS REST endpoint that takes HL7 v2 over HTTP: each message is POSTed as
/// <c>Content-Type: x-application/hl7-v2+er7</c> and the ACK comes back in the response body.
/// </summary>
public sealed class HttpDestinationOptions
{
    /// <summary>Gets or sets the endpoint's absolute URL (https in production; TLS validation is always on).</summary>
    public Uri? Url { get; set; }

    /// <summary>Gets or sets the content type of the request body.</summary>
    /// <value>The default is <c>x-application/hl7-v2+er7</c>.</value>
    public string ContentType { get; set; } = "x-application/hl7-v2+er7";

    /// <summary>Gets or sets how long to wait for the response (the ACK).</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the user name for HTTP Basic authentication; take it from a configuration provider, not a file.</summary>
    public string? Username { get; set; }

    /// <summary>Gets or sets the password for HTTP Basic authentication. Never logged.</summary>
    public string? Password { get; set; }

    /// <summary>Gets or sets a bearer token, as an alternative to Basic authentication. Never logged.</summary>
    public string? BearerToken { get; set; }

    /// <summary>Returns a text without credentials, safe for logs.</summary>
    /// <returns>The endpoint without user information.</returns>
    public override string ToString() => Url is null ? "(no url)" : new UriBuilder(Url) { UserName = string.Empty, Password = string.Empty }.Uri.ToString();
}
