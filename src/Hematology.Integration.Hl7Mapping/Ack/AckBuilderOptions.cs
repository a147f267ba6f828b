using Microsoft.Extensions.Options;

namespace Hematology.Integration.Hl7Mapping;

/// <summary>How <see cref="AckBuilder"/> writes acknowledgments.</summary>
public sealed class AckBuilderOptions
{
    /// <summary>Gets or sets MSH-3 of the ACK (HD as written, e.g. <c>LIS^2.16.840.1.113883.3.9999.3^ISO</c>); empty to echo the original's MSH-5.</summary>
    /// <value>The default is empty (echo MSH-5).</value>
    public string SendingApplication { get; set; } = string.Empty;

    /// <summary>Gets or sets MSH-4 of the ACK; empty to echo the original's MSH-6.</summary>
    /// <value>The default is empty (echo MSH-6).</value>
    public string SendingFacility { get; set; } = string.Empty;

    /// <summary>Gets or sets the first characters of the ACK's own control id (MSH-10), 1 to 3 letters or digits.</summary>
    /// <value>The default is <c>A</c>.</value>
    public string ControlIdPrefix { get; set; } = AckDefaults.ControlIdPrefix;

    /// <summary>Gets or sets the version (MSH-12) written when the original has none.</summary>
    /// <value>The default is <c>2.5.1</c>.</value>
    public string DefaultVersion { get; set; } = AckDefaults.Version;

    /// <summary>Gets or sets the time zone of MSH-7; <see langword="null"/> for the <see cref="TimeProvider"/>'s local zone.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public TimeZoneInfo? TimeZone { get; set; }
}

/// <summary>Validates <see cref="AckBuilderOptions"/>, reporting every problem at once.</summary>
public sealed class AckBuilderOptionsValidator : IValidateOptions<AckBuilderOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AckBuilderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.ControlIdPrefix is null || options.ControlIdPrefix.Length is < 1 or > 3 || !options.ControlIdPrefix.All(char.IsAsciiLetterOrDigit))
        {
            errors.Add($"{nameof(AckBuilderOptions.ControlIdPrefix)} must be 1 to 3 ASCII letters or digits.");
        }

        if (string.IsNullOrWhiteSpace(options.DefaultVersion) || options.DefaultVersion.Any(c => !(char.IsAsciiDigit(c) || c == '.')))
        {
            errors.Add($"{nameof(AckBuilderOptions.DefaultVersion)} must be a version id such as 2.5.1.");
        }

        if (HasLineBreak(options.SendingApplication))
        {
            errors.Add($"{nameof(AckBuilderOptions.SendingApplication)} must not contain CR, LF, '|' or '~'.");
        }

        if (HasLineBreak(options.SendingFacility))
        {
            errors.Add($"{nameof(AckBuilderOptions.SendingFacility)} must not contain CR, LF, '|' or '~'.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool HasLineBreak(string? value) => value is not null && value.AsSpan().IndexOfAny("\r\n|~") >= 0;
}

internal static class AckDefaults
{
    public const string ControlIdPrefix = "A";
    public const string Version = "2.5.1";
}
