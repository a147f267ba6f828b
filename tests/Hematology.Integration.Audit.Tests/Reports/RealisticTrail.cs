using System.Globalization;
using Hematology.Integration.Testing;

namespace Hematology.Integration.Audit.Tests.Reports;

/// <summary>A day of a small laboratory, as the pipeline would audit it, plus one resolution the next morning.</summary>
internal static class RealisticTrail
{
    public static readonly DateOnly Day = new(2026, 11, 22);

    public static async Task<List<AuditEntry>> WriteAsync(IAuditTrail trail, FakeTimeProvider clock)
    {
        var entries = new List<AuditEntry>();
        var xn = AnalyzerId.Create("xn-1000-lab1");
        var dxh = AnalyzerId.Create("dxh-900-core");

        async Task At(int hour, int minute, AuditEvent e)
        {
            var target = new DateTimeOffset(Day.ToDateTime(new TimeOnly(0, 0)), TimeSpan.Zero).AddHours(hour).AddMinutes(minute);
            if (target > clock.GetUtcNow())
            {
                clock.SetUtcNow(target);
            }

            entries.Add(await trail.AppendAsync(e));
        }

        // File 1: clean, three specimens, all acknowledged.
        var c1 = Correlation(1);
        var f1 = Sha256Digest.Compute("file-1"u8);
        await At(6, 0, new() { Type = AuditEventTypes.FileAcquired, CorrelationId = c1, AnalyzerId = xn, FileName = "XN_20261122_0600.csv", FileSha256 = f1, Details = Map(("bytes", "18230")) });
        await At(6, 0, new() { Type = AuditEventTypes.FileRemoved, CorrelationId = c1, AnalyzerId = xn, FileName = "XN_20261122_0600.csv", FileSha256 = f1, Disposition = "deleted" });
        await At(6, 1, new() { Type = AuditEventTypes.FileValidated, CorrelationId = c1, AnalyzerId = xn, FileName = "XN_20261122_0600.csv", FileSha256 = f1, Disposition = "Accepted", Details = Map(("results", "63"), ("rejectedRows", "0"), ("encoding", "utf-8")) });
        for (var i = 1; i <= 3; i++)
        {
            await At(6, 1, new() { Type = AuditEventTypes.MessageQueued, CorrelationId = c1, AnalyzerId = xn, FileSha256 = f1, MessageType = "ORU^R01", ControlId = $"HX1-{i}", Destination = "lims", Disposition = "outbox" });
        }

        var latencies = new[] { 120.0, 85.5, 310.0 };
        for (var i = 1; i <= 3; i++)
        {
            await At(6, 2, new() { Type = AuditEventTypes.AckReceived, CorrelationId = c1, AnalyzerId = xn, MessageType = "ORU^R01", ControlId = $"HX1-{i}", Destination = "lims", AckStatus = "AA", LatencyMs = latencies[i - 1], RetryCount = 0, Disposition = "sent" });
        }

        await At(6, 2, new() { Type = AuditEventTypes.FileProcessed, CorrelationId = c1, AnalyzerId = xn, FileName = "XN_20261122_0600.csv", FileSha256 = f1, ArtifactPath = "processed/xn-1000-lab1/XN_20261122_0600.csv", ArtifactSha256 = f1, Disposition = "archived" });

        // File 2: two bad rows set aside; its message times out twice, is quarantined, and the pause trips.
        var c2 = Correlation(2);
        var f2 = Sha256Digest.Compute("file-2"u8);
        await At(7, 15, new() { Type = AuditEventTypes.FileAcquired, CorrelationId = c2, AnalyzerId = dxh, FileName = "DXH_0715.csv", FileSha256 = f2 });
        await At(7, 15, new() { Type = AuditEventTypes.FileValidated, CorrelationId = c2, AnalyzerId = dxh, FileName = "DXH_0715.csv", FileSha256 = f2, Disposition = "PartiallyAccepted", Details = Map(("results", "18"), ("rejectedRows", "2")) });
        await At(7, 15, new() { Type = AuditEventTypes.RowQuarantined, CorrelationId = c2, AnalyzerId = dxh, FileName = "DXH_0715.csv", FileSha256 = f2, ArtifactPath = "quarantine/rejected_rows/dxh-900-core__000002-DXH_0715.rejected-rows.csv", Disposition = "quarantine/rejected_rows", Details = Map(("rows", "2"), ("rowNumbers", "4,9")) });
        await At(7, 15, new() { Type = AuditEventTypes.MessageQueued, CorrelationId = c2, AnalyzerId = dxh, MessageType = "ORU^R01", ControlId = "HX2-1", Destination = "lims", Disposition = "outbox" });
        await At(7, 16, new() { Type = AuditEventTypes.MessageRetried, CorrelationId = c2, ControlId = "HX2-1", Destination = "lims", AckStatus = "AckTimeout", RetryCount = 1, Disposition = "retry" });
        await At(7, 17, new() { Type = AuditEventTypes.MessageRetried, CorrelationId = c2, ControlId = "HX2-1", Destination = "lims", AckStatus = "AckTimeout", RetryCount = 2, Disposition = "retry" });
        await At(7, 18, new() { Type = AuditEventTypes.MessageQuarantined, CorrelationId = c2, ControlId = "HX2-1", Destination = "lims", AckStatus = "AckTimeout", RetryCount = 2, Disposition = "quarantine/ack_timeout", Reason = "AckTimeout" });
        await At(7, 20, new() { Type = AuditEventTypes.PauseTriggered, Reason = "5 consecutive ACK timeouts within 60 s", Destination = "lims" });
        await At(7, 45, new() { Type = AuditEventTypes.PauseCleared, Operator = "m.jansen", Reason = "LIMS interface engine restarted <confirmed by phone>", Destination = "lims" });
        await At(7, 50, new() { Type = AuditEventTypes.MessageRequeued, Operator = "m.jansen", Reason = "resend after LIMS restart", ControlId = "HX2-1", Destination = "lims" });
        await At(7, 50, new() { Type = AuditEventTypes.AckReceived, CorrelationId = c2, ControlId = "HX2-1", Destination = "lims", AckStatus = "AA", LatencyMs = 95, RetryCount = 0, Disposition = "sent" });

        // File 3: rejected as a whole (wrong layout), resolved the next morning.
        var c3 = Correlation(3);
        var f3 = Sha256Digest.Compute("file-3"u8);
        await At(9, 30, new() { Type = AuditEventTypes.FileAcquired, CorrelationId = c3, AnalyzerId = xn, FileName = "export(1).csv", FileSha256 = f3 });
        await At(9, 30, new() { Type = AuditEventTypes.FileValidated, CorrelationId = c3, AnalyzerId = xn, FileName = "export(1).csv", FileSha256 = f3, Disposition = "Rejected", Details = Map(("results", "0"), ("issues", "1")) });
        await At(9, 30, new() { Type = AuditEventTypes.FileRejected, CorrelationId = c3, AnalyzerId = xn, FileName = "export(1).csv", FileSha256 = f3, ArtifactPath = "quarantine/invalid_file/xn-1000-lab1__000003-export(1).csv", ArtifactSha256 = f3, Disposition = "quarantine/invalid_file", Reason = "HEADER_MISSING" });

        // A negative ACK that stays in quarantine.
        await At(11, 5, new() { Type = AuditEventTypes.MessageQueued, CorrelationId = c1, MessageType = "ORU^R01", ControlId = "HX4-1", Destination = "lims", Disposition = "outbox" });
        await At(11, 5, new() { Type = AuditEventTypes.MessageQuarantined, CorrelationId = c1, ControlId = "HX4-1", Destination = "lims", AckStatus = "AR", LatencyMs = 40, RetryCount = 0, Disposition = "quarantine/negative_ack", Reason = "AR" });

        await At(12, 0, new() { Type = AuditEventTypes.AuditVerified, Operator = "qa.lead", Disposition = "valid", Details = Map(("entriesVerified", "27")) });

        // Next morning: the rejected file is requeued after the profile was fixed.
        await At(24 + 8, 0, new() { Type = AuditEventTypes.FileRequeued, Operator = "m.jansen", Reason = "profile corrected", ArtifactPath = "quarantine/invalid_file/xn-1000-lab1__000003-export(1).csv", FileSha256 = f3 });
        return entries;
    }

    private static CorrelationId Correlation(int n) =>
        CorrelationId.TryParse("0195f1c2a3b44c5d8e6f7081920000" + n.ToString("D2", CultureInfo.InvariantCulture), out var id) ? id : throw new InvalidOperationException();

    private static Dictionary<string, string> Map(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
