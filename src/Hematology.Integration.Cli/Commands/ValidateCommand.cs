using System.CommandLine;
using System.Globalization;
using Hematology.Integration.Validation;
using Hematology.Integration.Validation.Profiles;

namespace Hematology.Integration.Cli.Commands;

/// <summary>
/// <c>hematology validate --profile NAME FILE</c>: checks one export against a profile and prints every issue with its
/// row and column — what an integrator runs while writing a profile for a new analyzer.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var profileOption = new Option<string>("--profile", "-p")
        {
            Description = $"A built-in profile ({string.Join(", ", AnalyzerProfiles.BuiltInNames)}) or the path of a profile JSON file.",
            Required = true,
        };
        var timeZoneOption = new Option<string?>("--time-zone")
        {
            Description = "The instrument's time zone (IANA id such as Europe/Berlin, or UTC); required with a built-in profile, never guessed.",
        };
        var analyzerOption = new Option<string>("--analyzer")
        {
            Description = "The analyzer id to validate as (appears in results only).",
            DefaultValueFactory = _ => "validate",
        };
        var maxIssuesOption = new Option<int>("--max-issues")
        {
            Description = "Print at most this many issues (the totals always count all of them).",
            DefaultValueFactory = _ => 200,
        };
        var fileArgument = new Argument<FileInfo>("file") { Description = "The CSV export to check." };

        var command = new Command("validate", "Check an export against an analyzer profile and print every issue with its row and column.")
        {
            profileOption, timeZoneOption, analyzerOption, maxIssuesOption, fileArgument,
        };
        command.SetAction((parse, ct) => CliContext.RunAsync(parse, async () =>
        {
            var output = parse.InvocationConfiguration.Output;
            var file = parse.GetRequiredValue(fileArgument);
            if (!file.Exists)
            {
                throw new CliException($"The file {file.FullName} does not exist.", "Pass the path of an analyzer export.", ExitCodes.NotFound);
            }

            var profile = await LoadProfileAsync(parse.GetRequiredValue(profileOption), parse.GetValue(timeZoneOption), ct).ConfigureAwait(false);
            if (!AnalyzerId.TryCreate(parse.GetRequiredValue(analyzerOption), out var analyzer))
            {
                throw new CliException("The --analyzer value is not a valid analyzer id.", "Use letters, digits, '-', '_' or '.'.", ExitCodes.Usage);
            }

            // Only the issues and the verdict are printed: the issues-only mode runs every check without building the results.
            var validator = ResultFileValidatorFactory.Create();
            ValidationReport outcome;
            var stream = file.OpenRead();
            await using (stream.ConfigureAwait(false))
            {
                outcome = await validator.CheckAllAsync(stream, analyzer, profile, ct).ConfigureAwait(false);
            }

            Print(output, file, profile, outcome, parse.GetValue(maxIssuesOption));
            return outcome.Verdict == FileVerdict.Accepted ? ExitCodes.Success : ExitCodes.Failed;
        }));
        return command;
    }

    /// <summary>Loads a built-in profile by name, or a profile JSON file by path.</summary>
    internal static async Task<AnalyzerProfile> LoadProfileAsync(string nameOrPath, string? timeZone, CancellationToken cancellationToken)
    {
        if (AnalyzerProfiles.BuiltInNames.Contains(nameOrPath, StringComparer.Ordinal))
        {
            if (string.IsNullOrWhiteSpace(timeZone))
            {
                throw new CliException($"The built-in profile '{nameOrPath}' needs the instrument's time zone.", "Add --time-zone, e.g. --time-zone Europe/Berlin or --time-zone UTC.", ExitCodes.Usage);
            }

            try
            {
                return AnalyzerProfiles.BuiltIn(nameOrPath, timeZone);
            }
            catch (AnalyzerProfileException ex)
            {
                throw new CliException(ex.Message, "Use an IANA time zone id such as Europe/Berlin, or UTC.", ExitCodes.Usage);
            }
        }

        if (!File.Exists(nameOrPath))
        {
            throw new CliException(
                $"'{nameOrPath}' is neither a built-in profile nor a profile file.",
                $"Built-in profiles: {string.Join(", ", AnalyzerProfiles.BuiltInNames)}; or pass the path of a profile JSON file (see docs/profiles.md).",
                ExitCodes.NotFound);
        }

        try
        {
            var json = File.OpenRead(nameOrPath);
            await using (json.ConfigureAwait(false))
            {
                return await AnalyzerProfiles.LoadAsync(json, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (AnalyzerProfileException ex)
        {
            throw new CliException($"The profile {nameOrPath} is not valid: {ex.Message}", "Fix the profile file; docs/profiles.md describes every field.", ExitCodes.InvalidConfiguration);
        }
    }

    private static void Print(TextWriter output, FileInfo file, AnalyzerProfile profile, ValidationReport outcome, int maxIssues)
    {
        var summary = outcome.Summary;
        output.WriteLine($"{file.Name}: {Verdict(outcome.Verdict)} (profile {profile.Name}, encoding {summary.Encoding.Name}: {summary.Encoding.Reason})");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {summary.DataRows} data row(s), {summary.ResultsAccepted} result(s) accepted, {outcome.SetAside.Count(r => r.Disposition == RowDisposition.Rejected)} row(s) rejected, {summary.QualityControlRows} QC row(s), {summary.ExcludedRows} excluded row(s)"));
        if (summary.IgnoredColumns.Count > 0)
        {
            output.WriteLine("  ignored columns: " + string.Join(", ", summary.IgnoredColumns));
        }

        var issues = outcome.AllIssues.ToList();
        if (issues.Count == 0)
        {
            output.WriteLine("  no issues");
            return;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {issues.Count(i => i.Severity == IssueSeverity.Error)} error(s), {issues.Count(i => i.Severity == IssueSeverity.Warning)} warning(s), {issues.Count(i => i.Severity == IssueSeverity.Info)} note(s):"));
        foreach (var issue in issues.Take(maxIssues))
        {
            var where = issue.Row > 0
                ? string.Create(CultureInfo.InvariantCulture, $"row {issue.Row}{(issue.Line > 0 ? $" (line {issue.Line})" : string.Empty)}")
                : "file";
            var column = string.IsNullOrEmpty(issue.Column) ? string.Empty : $", column {issue.Column}";
            output.WriteLine($"  {Severity(issue.Severity)} {where}{column}: {issue.Code}: {issue.Message}");
        }

        if (issues.Count > maxIssues)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  … and {issues.Count - maxIssues} more (raise --max-issues to see them)"));
        }
    }

    private static string Verdict(FileVerdict verdict) => verdict switch
    {
        FileVerdict.Accepted => "ACCEPTED",
        FileVerdict.AcceptedWithRejectedRows => "ACCEPTED WITH REJECTED ROWS",
        _ => "REJECTED",
    };

    private static string Severity(IssueSeverity severity) => severity switch
    {
        IssueSeverity.Error => "error  ",
        IssueSeverity.Warning => "warning",
        _ => "note   ",
    };
}
