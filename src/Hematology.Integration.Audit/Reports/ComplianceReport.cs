using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hematology.Integration.Audit.Reports;

namespace Hematology.Integration.Audit;

/// <summary>Builds compliance summaries from an audit trail and writes them as JSON or as a self-contained HTML page.</summary>
public static class ComplianceReport
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NewLine = "\n",
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Summarizes the days <paramref name="from"/> to <paramref name="to"/> (UTC, inclusive).</summary>
    /// <param name="reader">The trail.</param>
    /// <param name="from">The first day.</param>
    /// <param name="to">The last day.</param>
    /// <param name="timeProvider">Stamps the summary; the system clock when <see langword="null"/>.</param>
    /// <param name="verification">A verification of the same trail to include, when one was made.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The summary.</returns>
    public static async ValueTask<ComplianceSummary> SummarizeAsync(
        IAuditTrailReader reader,
        DateOnly from,
        DateOnly to,
        TimeProvider? timeProvider = null,
        AuditVerificationReport? verification = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (to < from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), "The period's last day is before its first day.");
        }

        var builder = new ComplianceSummaryBuilder(from, to);
        await foreach (var record in reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            builder.Add(record);
        }

        return builder.Build((timeProvider ?? TimeProvider.System).GetUtcNow(), verification);
    }

    /// <summary>Writes a summary as indented JSON (camelCase properties, ISO-8601 times).</summary>
    /// <param name="summary">The summary.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJson(ComplianceSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return JsonSerializer.Serialize(summary, JsonOptions);
    }

    /// <summary>Writes a summary as one self-contained HTML page with simple CSS bar charts (no scripts, fonts or links).</summary>
    /// <param name="summary">The summary.</param>
    /// <returns>The HTML text.</returns>
    public static string ToHtml(ComplianceSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return ComplianceHtmlWriter.Write(summary);
    }

    internal static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
