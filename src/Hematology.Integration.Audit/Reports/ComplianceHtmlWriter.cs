using System.Globalization;
using System.Net;
using System.Text;

namespace Hematology.Integration.Audit.Reports;

/// <summary>Writes a summary as a self-contained HTML page: inline CSS, CSS bar charts, no scripts, fonts or links.</summary>
internal static class ComplianceHtmlWriter
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1d2733;max-width:60rem}
        h1{font-size:1.5rem;margin-bottom:.2rem} h2{font-size:1.1rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
        .muted{color:#57606a;font-size:.9rem} table{border-collapse:collapse;margin:.5rem 0;min-width:24rem}
        th,td{text-align:left;padding:.25rem .75rem;border-bottom:1px solid #eaeef2;font-size:.92rem} td.n{text-align:right;font-variant-numeric:tabular-nums}
        .tiles{display:flex;flex-wrap:wrap;gap:.75rem} .tile{border:1px solid #d0d7de;border-radius:6px;padding:.5rem .9rem;min-width:8rem}
        .tile b{display:block;font-size:1.4rem} .ok{color:#1a7f37} .bad{color:#cf222e}
        .bar{height:.8rem;border-radius:2px;display:inline-block;vertical-align:middle} .b1{background:#0969da} .b2{background:#1a7f37} .b3{background:#cf222e}
        .chart td{padding:.1rem .5rem} .chart td.l{width:7rem;font-variant-numeric:tabular-nums} .chart td.c{width:32rem}
        code{font-size:.85rem;word-break:break-all}
        """;

    public static string Write(ComplianceSummary s)
    {
        var h = new StringBuilder(16 * 1024);
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Audit compliance summary ")
            .Append(Period(s)).Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n");
        h.Append("<h1>Audit compliance summary</h1>\n<p class=\"muted\">Period ").Append(Period(s))
            .Append(" (UTC) · generated ").Append(Enc(s.GeneratedAt.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture))).Append("</p>\n");

        h.Append("<h2>Trail integrity</h2>\n");
        if (s.Integrity is { } integrity)
        {
            h.Append("<p class=\"").Append(integrity.IsValid ? "ok" : "bad").Append("\"><b>")
                .Append(integrity.IsValid ? "Verified: the hash chain is intact and every retained file matches." : "Verification FAILED.")
                .Append("</b> ").Append(Enc(integrity.Problem ?? string.Empty)).Append("</p>\n");
            h.Append("<p class=\"muted\">").Append(integrity.EntriesVerified.ToString(CultureInfo.InvariantCulture)).Append(" entries verified; last intact entry ")
                .Append(integrity.LastSequence.ToString(CultureInfo.InvariantCulture)).Append(", hash <code>").Append(Enc(integrity.LastHash)).Append("</code></p>\n");
        }
        else
        {
            h.Append("<p class=\"muted\">No verification was included with this summary.</p>\n");
        }

        h.Append("<p class=\"muted\">Entries in the period: ").Append(N(s.Trail.Entries)).Append(" (sequence ").Append(N(s.Trail.FirstSequence)).Append(" to ").Append(N(s.Trail.LastSequence))
            .Append("); last hash <code>").Append(Enc(s.Trail.LastHash ?? "-")).Append("</code>; unreadable records in the trail: ").Append(N(s.Trail.UnreadableRecords)).Append("</p>\n");

        h.Append("<h2>Overview</h2>\n<div class=\"tiles\">\n");
        Tile(h, "Files acquired", s.Files.Acquired);
        Tile(h, "Results read", s.Files.Results);
        Tile(h, "Messages queued", s.Messages.Queued);
        Tile(h, "Messages acknowledged", s.Messages.Acknowledged);
        Tile(h, "ACK timeouts", s.Messages.Timeouts);
        Tile(h, "Quarantined", s.Quarantine.Files + s.Quarantine.RowSets + s.Quarantine.Messages);
        Tile(h, "Pauses", s.Pauses.Count);
        h.Append("</div>\n");

        h.Append("<h2>Activity</h2>\n<p class=\"muted\"><span class=\"bar b1\" style=\"width:1rem\"></span> files acquired · <span class=\"bar b2\" style=\"width:1rem\"></span> messages acknowledged · <span class=\"bar b3\" style=\"width:1rem\"></span> quarantined</p>\n");
        var max = Math.Max(1, s.Activity.Select(a => Math.Max(a.FilesAcquired, Math.Max(a.MessagesAcknowledged, a.Quarantined))).DefaultIfEmpty(0).Max());
        h.Append("<table class=\"chart\">\n");
        foreach (var a in s.Activity)
        {
            h.Append("<tr><td class=\"l\">").Append(Enc(a.Label)).Append("</td><td class=\"c\">");
            Bar(h, "b1", a.FilesAcquired, max);
            Bar(h, "b2", a.MessagesAcknowledged, max);
            Bar(h, "b3", a.Quarantined, max);
            h.Append("</td><td class=\"n\">").Append(N(a.FilesAcquired)).Append(" / ").Append(N(a.MessagesAcknowledged)).Append(" / ").Append(N(a.Quarantined)).Append("</td></tr>\n");
        }

        h.Append("</table>\n");

        h.Append("<h2>Files</h2>\n<table>\n");
        Row(h, "Acquired from analyzers", s.Files.Acquired);
        Row(h, "Removed or archived on the analyzer", s.Files.Removed);
        Row(h, "Validated", s.Files.Validated);
        Row(h, "Rejected (whole file quarantined)", s.Files.Rejected);
        Row(h, "Processed and archived", s.Files.Processed);
        Row(h, "Results read", s.Files.Results);
        Row(h, "Rows set aside as invalid", s.Files.RowsQuarantined);
        h.Append("</table>\n");

        h.Append("<h2>Messages and acknowledgments</h2>\n<table>\n");
        Row(h, "Queued in the outbox", s.Messages.Queued);
        Row(h, "Acknowledged and moved to sent/", s.Messages.Acknowledged);
        Row(h, "Retries", s.Messages.Retries);
        Row(h, "ACK timeouts", s.Messages.Timeouts);
        Row(h, "Quarantined", s.Messages.Quarantined);
        Row(h, "Requeued by an operator", s.Messages.Requeued);
        h.Append("</table>\n");
        CountChart(h, "ACK outcomes", s.AckOutcomes, "b2");
        h.Append("<p class=\"muted\">ACK latency: ").Append(N(s.AckLatency.Count)).Append(" measured, mean ").Append(ComplianceReport.Number(s.AckLatency.MeanMs))
            .Append(" ms, 95th percentile ").Append(ComplianceReport.Number(s.AckLatency.P95Ms)).Append(" ms, max ").Append(ComplianceReport.Number(s.AckLatency.MaxMs)).Append(" ms</p>\n");

        h.Append("<h2>Quarantine</h2>\n<table>\n");
        Row(h, "Files", s.Quarantine.Files);
        Row(h, "Rejected-row sets", s.Quarantine.RowSets);
        Row(h, "Messages", s.Quarantine.Messages);
        Row(h, "Resolved (requeued or purged)", s.Quarantine.Resolved);
        Row(h, "Still open", s.Quarantine.Open);
        h.Append("<tr><td>Time to resolution (median / max)</td><td class=\"n\">")
            .Append(s.Quarantine.MedianResolutionMinutes is { } median ? ComplianceReport.Number(median) + " min" : "-").Append(" / ")
            .Append(s.Quarantine.MaxResolutionMinutes is { } longest ? ComplianceReport.Number(longest) + " min" : "-").Append("</td></tr>\n</table>\n");
        CountChart(h, "By reason", s.Quarantine.ByReason, "b3");

        h.Append("<h2>Emergency pauses</h2>\n");
        if (s.Pauses.Count == 0)
        {
            h.Append("<p class=\"muted\">None.</p>\n");
        }
        else
        {
            h.Append("<table>\n<tr><th>Triggered</th><th>Reason</th><th>Cleared</th><th>By</th><th>Why</th><th>Minutes</th></tr>\n");
            foreach (var p in s.Pauses)
            {
                h.Append("<tr><td>").Append(Time(p.TriggeredAt)).Append("</td><td>").Append(Enc(p.Reason ?? string.Empty)).Append("</td><td>")
                    .Append(p.ClearedAt is { } c ? Time(c) : "still paused").Append("</td><td>").Append(Enc(p.ClearedBy ?? "(automatic)")).Append("</td><td>")
                    .Append(Enc(p.ClearReason ?? string.Empty)).Append("</td><td class=\"n\">").Append(p.DurationMinutes is { } d ? ComplianceReport.Number(d) : "-").Append("</td></tr>\n");
            }

            h.Append("</table>\n");
        }

        h.Append("<h2>Manual actions</h2>\n");
        if (s.ManualActions.Count == 0)
        {
            h.Append("<p class=\"muted\">None.</p>\n");
        }
        else
        {
            h.Append("<table>\n<tr><th>When</th><th>Entry</th><th>Action</th><th>Operator</th><th>Reason</th><th>Control id</th></tr>\n");
            foreach (var m in s.ManualActions)
            {
                h.Append("<tr><td>").Append(Time(m.At)).Append("</td><td class=\"n\">").Append(N(m.Sequence)).Append("</td><td>").Append(Enc(m.Type)).Append("</td><td>")
                    .Append(Enc(m.Operator)).Append("</td><td>").Append(Enc(m.Reason ?? string.Empty)).Append("</td><td>").Append(Enc(m.ControlId ?? string.Empty)).Append("</td></tr>\n");
            }

            h.Append("</table>\n");
        }

        h.Append("<p class=\"muted\">The trail holds ids, hashes, control ids and counts only: no patient data.</p>\n</body>\n</html>\n");
        return h.ToString();
    }

    private static void CountChart(StringBuilder h, string title, IReadOnlyList<ComplianceCount> counts, string css)
    {
        h.Append("<h3>").Append(Enc(title)).Append("</h3>\n");
        if (counts.Count == 0)
        {
            h.Append("<p class=\"muted\">None.</p>\n");
            return;
        }

        var max = Math.Max(1, counts.Max(c => c.Count));
        h.Append("<table class=\"chart\">\n");
        foreach (var c in counts)
        {
            h.Append("<tr><td class=\"l\">").Append(Enc(c.Name)).Append("</td><td class=\"c\">");
            Bar(h, css, c.Count, max);
            h.Append("</td><td class=\"n\">").Append(N(c.Count)).Append("</td></tr>\n");
        }

        h.Append("</table>\n");
    }

    private static void Bar(StringBuilder h, string css, long value, long max)
    {
        var percent = value == 0 ? 0 : Math.Max(1, (int)Math.Round(100.0 * value / max));
        h.Append("<span class=\"bar ").Append(css).Append("\" style=\"width:").Append((percent / 3.0).ToString("0.##", CultureInfo.InvariantCulture)).Append("%\" title=\"").Append(N(value)).Append("\"></span>");
    }

    private static void Tile(StringBuilder h, string label, long value) =>
        h.Append("<div class=\"tile\"><b>").Append(N(value)).Append("</b>").Append(Enc(label)).Append("</div>\n");

    private static void Row(StringBuilder h, string label, long value) =>
        h.Append("<tr><td>").Append(Enc(label)).Append("</td><td class=\"n\">").Append(N(value)).Append("</td></tr>\n");

    private static string Period(ComplianceSummary s) => s.From == s.To
        ? s.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : s.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " to " + s.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Enc(string text) => WebUtility.HtmlEncode(text);
}
