using Hematology.Integration.Acquisition;
using Microsoft.Extensions.Configuration;

namespace Hematology.Integration.Tests.Options;

public sealed class HematologyOptionsTests
{
    internal static HematologyOptions Valid()
    {
        var options = new HematologyOptions { SpoolDirectory = "/tmp/spool" };
        var analyzer = new AnalyzerOptions { Id = "xn-1" };
        analyzer.Source.Path = "/tmp/drop";
        options.Analyzers.Add(analyzer);
        options.Destinations.Add(new DestinationOptions { Name = "lims", Host = "127.0.0.1", Port = 2575 });
        return options;
    }

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new HematologyOptions();
        var analyzer = new AnalyzerOptions();
        var destination = new DestinationOptions();

        Assert.Equal("spool", options.SpoolDirectory);
        Assert.True(options.ControlChannel);
        Assert.Equal(AuditStoreKind.JsonLines, options.Audit.Store);
        Assert.Null(options.Audit.Path);
        Assert.True(options.Audit.FlushToDisk);
        Assert.Equal("generic-long", analyzer.Profile);
        Assert.Equal("UTC", analyzer.TimeZone);
        Assert.Equal(TimeSpan.FromSeconds(15), analyzer.PollInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), analyzer.StabilityWindow);
        Assert.Equal(2, analyzer.MinObservations);
        Assert.Equal(AnalyzerSourceKind.LocalFolder, analyzer.Source.Kind);
        Assert.Equal(21, analyzer.Source.Port);
        Assert.Equal(FtpTlsMode.None, analyzer.Source.Tls);
        Assert.Equal("processing", analyzer.Source.ProcessingFolder);
        Assert.Equal(AfterDownloadAction.Delete, analyzer.Source.AfterDownload);
        Assert.Equal(DestinationKind.Mllp, destination.Kind);
        Assert.Equal(2575, destination.Port);
        Assert.Equal(TimeSpan.FromSeconds(10), destination.AckTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), destination.ConnectTimeout);
        Assert.Equal(5, options.Resilience.Pause.ConsecutiveAckTimeouts);
    }

    [Fact]
    public void Validate_ValidOptions_HasNoErrors()
    {
        Assert.Empty(HematologyConfiguration.Validate(Valid()));
    }

    [Fact]
    public void Validate_EmptyOptions_ReportsEveryMissingPartAtOnce()
    {
        var errors = HematologyConfiguration.Validate(new HematologyOptions());

        Assert.Contains(errors, e => e.StartsWith("Hematology:Analyzers must list", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Hematology:Destinations must list", StringComparison.Ordinal));
    }

    public static TheoryData<string, Action<HematologyOptions>> InvalidCases() => new()
    {
        { "Hematology:Analyzers:0:Id", o => o.Analyzers[0].Id = "../etc" },
        { "Hematology:Analyzers:0:Profile 'nope'", o => o.Analyzers[0].Profile = "nope" },
        { "Hematology:Analyzers:0:TimeZone", o => o.Analyzers[0].TimeZone = "Mars/Olympus" },
        { "Hematology:Analyzers:0:PollInterval", o => o.Analyzers[0].PollInterval = TimeSpan.Zero },
        { "Hematology:Analyzers:0:Source:Path", o => o.Analyzers[0].Source.Path = null },
        { "Hematology:Analyzers:0:Source:Host", o => o.Analyzers[0].Source.Kind = AnalyzerSourceKind.Ftp },
        { "Hematology:Analyzers:0:Destinations names 'other'", o => o.Analyzers[0].Destinations.Add("other") },
        { "Hematology:Destinations:0:AckTimeout", o => o.Destinations[0].AckTimeout = TimeSpan.Zero },
        { "Hematology:Destinations:0:Url must be", o => o.Destinations[0].Kind = DestinationKind.Http },
        { "Hematology:Destinations:1:Name 'lims' is used twice", o => o.Destinations.Add(new DestinationOptions { Name = "lims", Host = "h" }) },
        { "Hematology:Resilience: ", o => o.Resilience.Pause.AckLatencyMinimumSamples = 0 },
        { "Hematology:ProfileFiles:0", o => o.ProfileFiles.Add("/nonexistent/profile.json") },
        { "Hematology:SpoolDirectory", o => o.SpoolDirectory = " " },
    };

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Validate_InvalidOption_NamesItsPath(string expected, Action<HematologyOptions> spoil)
    {
        var options = Valid();
        spoil(options);

        var errors = HematologyConfiguration.Validate(options);

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal) || e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SeveralProblems_AreAllReported()
    {
        var options = Valid();
        options.Analyzers[0].Profile = "nope";
        options.Destinations[0].AckTimeout = TimeSpan.Zero;
        options.Resilience.Pause.AckLatencyMinimumSamples = 0;

        Assert.True(HematologyConfiguration.Validate(options).Count >= 3);
    }

    [Fact]
    public void Validate_Errors_NeverContainCredentials()
    {
        var options = Valid();
        options.Analyzers[0].Source.Kind = AnalyzerSourceKind.Ftp;
        options.Analyzers[0].Source.Password = "s3cret-ftp-pass";
        options.Analyzers[0].Source.Port = 0;
        options.Destinations[0].Kind = DestinationKind.Http;
        options.Destinations[0].Password = "s3cret-http-pass";

        var errors = HematologyConfiguration.Validate(options);

        Assert.NotEmpty(errors);
        Assert.DoesNotContain(errors, e => e.Contains("s3cret", StringComparison.Ordinal));
        Assert.DoesNotContain("s3cret", options.Analyzers[0].Source.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_FromConfiguration_ReadsTheWholeShape()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hematology:SpoolDirectory"] = "/var/lib/hematology",
            ["Hematology:Analyzers:0:Id"] = "xn-1",
            ["Hematology:Analyzers:0:Profile"] = "sysmex-wide",
            ["Hematology:Analyzers:0:PollInterval"] = "00:00:02",
            ["Hematology:Analyzers:0:Source:Kind"] = "Ftp",
            ["Hematology:Analyzers:0:Source:Host"] = "10.0.0.5",
            ["Hematology:Analyzers:0:Source:User"] = "lab",
            ["Hematology:Analyzers:0:Source:Password"] = "pw",
            ["Hematology:Analyzers:0:Source:Tls"] = "Explicit",
            ["Hematology:Analyzers:0:Source:PipelineCommands"] = "true",
            ["Hematology:Analyzers:0:Destinations:0"] = "lims",
            ["Hematology:Destinations:0:Name"] = "lims",
            ["Hematology:Destinations:0:Host"] = "lims.example",
            ["Hematology:Destinations:0:Port"] = "6661",
            ["Hematology:Audit:Store"] = "Sqlite",
            ["Hematology:Resilience:Pause:ConsecutiveAckTimeouts"] = "3",
        }).Build();

        var options = HematologyConfiguration.Bind(configuration);

        Assert.Empty(HematologyConfiguration.Validate(options));
        Assert.Equal("sysmex-wide", options.Analyzers[0].Profile);
        Assert.Equal(AnalyzerSourceKind.Ftp, options.Analyzers[0].Source.Kind);
        Assert.Equal(FtpTlsMode.Explicit, options.Analyzers[0].Source.Tls);
        Assert.True(options.Analyzers[0].Source.PipelineCommands);
        Assert.True(StageOptions.Ftp(options.Analyzers[0]).PipelineCommands);
        Assert.Equal(["lims"], options.Analyzers[0].Destinations);
        Assert.Equal(6661, options.Destinations[0].Port);
        Assert.Equal(3, options.Resilience.Pause.ConsecutiveAckTimeouts);
        Assert.Equal("/var/lib/hematology/audit.db", HematologyConfiguration.GetAuditPath(options));
        Assert.Equal("/var/lib/hematology/control.sock", HematologyConfiguration.GetControlSocketPath(options));
        Assert.Equal("/var/lib/hematology/quarantine", HematologyConfiguration.GetQuarantineDirectory(options));
    }

    [Fact]
    public void Validate_ConfigurationWithUnconvertibleValue_ReportsItInsteadOfThrowing()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hematology:ControlChannel"] = "maybe",
        }).Build();

        var errors = HematologyConfiguration.Validate(configuration);

        Assert.Contains(errors, e => e.Contains("ControlChannel", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ConfigurationWithUnconvertibleHl7Value_ReportsItWithTheOtherErrors()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hematology:ControlChannel"] = "maybe",
            ["Hematology:Hl7:AllowTextResults"] = "perhaps",
        }).Build();

        var errors = HematologyConfiguration.Validate(configuration);

        Assert.Contains(errors, e => e.Contains("ControlChannel", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Hematology:Hl7: ", StringComparison.Ordinal) && e.Contains("AllowTextResults", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ConfigurationWithInvalidHl7ProcessingId_NamesTheHl7Section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hematology:Hl7:ProcessingId"] = "X",
        }).Build();

        var errors = HematologyConfiguration.Validate(configuration);

        Assert.Contains(errors, e => e.StartsWith("Hematology:Hl7: ProcessingId", StringComparison.Ordinal));
    }

    [Fact]
    public void AuditPath_DefaultsUnderTheSpool()
    {
        var options = Valid();

        Assert.Equal("/tmp/spool/audit", HematologyConfiguration.GetAuditPath(options));
        options.Audit.Path = "/srv/audit";
        Assert.Equal("/srv/audit", HematologyConfiguration.GetAuditPath(options));
    }
}
