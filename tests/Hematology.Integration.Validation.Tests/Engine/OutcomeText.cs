using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Hematology.Integration.Validation.Tests.Engine;

/// <summary>Writes an outcome as stable text for golden files.</summary>
internal static partial class OutcomeText
{
    public static string Describe(ValidationOutcome outcome)
    {
        var text = new StringBuilder();
        var s = outcome.Summary;
        text.AppendLine(CultureInfo.InvariantCulture, $"profile={s.ProfileName} verdict={s.Verdict} encoding={s.Encoding.Name} ({s.Encoding.Reason}: {s.Encoding.Detail})");
        text.AppendLine(CultureInfo.InvariantCulture, $"rows={s.DataRows} results={s.ResultsAccepted} rejected={s.RowsRejected} qc={s.QualityControlRows} excluded={s.ExcludedRows} bytes={s.BytesRead} elapsed={s.Elapsed.TotalMilliseconds}");
        text.AppendLine("ignored: " + string.Join(" | ", s.IgnoredColumns));
        foreach (var issue in s.FileIssues)
        {
            text.AppendLine("file issue: " + issue);
        }

        foreach (var r in outcome.Results)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"row {r.SourceRow} {r.Specimen.Id} {r.LocalCode} {r.Loinc} {r.Value} {r.Units} [{r.SourceValue} {r.SourceUnits}] {r.Interpretation} '{r.SourceFlag}' {r.AnalyzedAt:O} {r.Instrument}");
        }

        foreach (var row in outcome.SetAside)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"set aside: {row}");
        }

        return text.ToString();
    }

    public static string ScrubElapsed(string text) => Elapsed().Replace(text, "elapsed=<scrubbed>");

    [GeneratedRegex("elapsed=[0-9.E-]+")]
    private static partial Regex Elapsed();
}
