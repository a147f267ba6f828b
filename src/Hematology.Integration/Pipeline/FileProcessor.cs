using System.Diagnostics;
using System.Globalization;
using Hematology.Integration.Diagnostics;
using Hematology.Integration.Spool;
using Hematology.Integration.Validation;
using Microsoft.Extensions.Logging;

namespace Hematology.Integration.Pipeline;

/// <summary>Where an analyzer's results go: its profile and its destinations.</summary>
internal sealed record AnalyzerRoute(AnalyzerId AnalyzerId, string Profile, IReadOnlyList<string> Destinations);

/// <summary>What processing one file did, for callers that wait for it (the demo, tests).</summary>
internal sealed record FileOutcome(AcquiredFile File, FileVerdict Verdict, int ResultCount, int RejectedRows, int MessagesQueued, string? IssueCode = null);

/// <summary>
/// A file whose messages are queued: its outcome, its audit events not yet known to be durable, and where it is
/// to be archived (<see langword="null"/> when it was already settled, for example quarantined as a whole).
/// </summary>
internal sealed record QueuedFile(FileOutcome Outcome, PendingAuditWrites Audit, string? ArchivedAs, Activity? Activity);

/// <summary>
/// Turns one acquired file into queued messages: validate → quarantine what is bad (with reasons) → group by
/// specimen → one ORU^R01 per specimen → durable outbox for each destination → archive the file. Re-running it
/// on the same file (after a crash) queues nothing twice: message ids derive from the file's SHA-256.
/// </summary>
internal sealed partial class FileProcessor(
    DurableSpool spool,
    IFileValidationPort validator,
    IMessageMappingPort mapper,
    IAuditPort audit,
    PipelineTelemetry telemetry,
    TimeProvider timeProvider,
    ILogger<FileProcessor> logger)
{
    /// <summary>Raised for every validation verdict (true = the file was not rejected), for the pause's consecutive-failure trigger.</summary>
    public Action<bool>? ValidationObserved { get; set; }

    /// <summary>Raised after messages were queued, so dispatchers wake up.</summary>
    public Action? MessagesQueued { get; set; }

    /// <summary>Processes one file completely: <see cref="QueueAsync"/> then <see cref="CompleteAsync"/>.</summary>
    public async ValueTask<FileOutcome> ProcessAsync(AcquiredFile file, AnalyzerRoute route, CancellationToken cancellationToken)
    {
        var queued = await QueueAsync(file, route, cancellationToken).ConfigureAwait(false);
        var outcome = await CompleteAsync(queued).ConfigureAwait(false);
        spool.FlushProcessedMoves();
        return outcome;
    }

    /// <summary>
    /// The first half of processing: validates the file, quarantines what is bad and queues its messages durably in
    /// the outbox (the dispatchers are woken at once). A rejected file is settled completely here. The rest —
    /// making the file's audit events durable and moving it to processed/ — is <see cref="CompleteAsync"/>, which a
    /// caller may run while it queues the next file: files are queued in order, and a crash before completion only
    /// means the file is processed again (nothing is queued twice).
    /// </summary>
    public async ValueTask<QueuedFile> QueueAsync(AcquiredFile file, AnalyzerRoute route, CancellationToken cancellationToken)
    {
        var activity = PipelineTelemetry.Source.StartActivity("hematology.file", ActivityKind.Internal);
        try
        {
            return await QueueCoreAsync(file, route, activity, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            activity?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The second half of processing: waits until the file's audit events are durable, then moves it to processed/
    /// (the move's folder entries are flushed later, with other files': <see cref="DurableSpool.FlushProcessedMoves"/>).
    /// </summary>
    public async ValueTask<FileOutcome> CompleteAsync(QueuedFile queued)
    {
        using var activity = queued.Activity;
        if (queued.ArchivedAs is { } archived)
        {
            // The audit entries first, then the move: a crash in between re-processes the file (nothing queued twice)
            // and audits it again, so no state change is ever missing from the trail.
            await queued.Audit.FlushAsync().ConfigureAwait(false);
            spool.MarkProcessed(queued.Outcome.File, archived);
            LogFileProcessed(logger, queued.Outcome.File.AnalyzerId.Value, queued.Outcome.File.CorrelationId.Value, queued.Outcome.ResultCount, queued.Outcome.RejectedRows, queued.Outcome.MessagesQueued);
        }

        return queued.Outcome;
    }

    private async ValueTask<QueuedFile> QueueCoreAsync(AcquiredFile file, AnalyzerRoute route, Activity? activity, CancellationToken cancellationToken)
    {
        activity?.SetTag(HematologyDiagnostics.CorrelationIdTag, file.CorrelationId.Value);
        activity?.SetTag(HematologyDiagnostics.AnalyzerTag, file.AnalyzerId.Value);
        var analyzerTag = new KeyValuePair<string, object?>(HematologyDiagnostics.AnalyzerTag, file.AnalyzerId.Value);

        FileValidation validation;
        try
        {
            validation = await validator.ValidateAsync(file, route.Profile, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A validator failure must not lose the file: it is rejected with the reason.
            validation = new FileValidation(FileVerdict.Rejected, [], [new ValidationFinding(0, null, "VALIDATION_FAILED", ex.GetType().Name + ": " + ex.Message)], 0, default, "unknown");
        }

        // The events of one file share one flush: each is ordered in the trail when written, and all of them are made
        // durable before the next move in the spool (quarantine, processed/), which they must precede.
        var pending = new PendingAuditWrites();
        pending.Add(audit.WriteAsync(new PipelineAuditEvent
        {
            Type = PipelineEvents.FileValidated,
            CorrelationId = file.CorrelationId,
            AnalyzerId = file.AnalyzerId,
            FileName = file.SourceName,
            FileSha256 = file.Sha256,
            Disposition = validation.Verdict.ToString(),
            Details = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["profile"] = route.Profile,
                ["encoding"] = validation.Encoding,
                ["results"] = validation.Results.Count.ToString(CultureInfo.InvariantCulture),
                ["rejectedRows"] = validation.RejectedRowCount.ToString(CultureInfo.InvariantCulture),
                ["issues"] = validation.Findings.Count.ToString(CultureInfo.InvariantCulture),
            },
        }, cancellationToken));
        ValidationObserved?.Invoke(validation.Verdict != FileVerdict.Rejected);
        telemetry.FilesProcessed.Add(1, analyzerTag, new(HematologyDiagnostics.OutcomeTag, validation.Verdict.ToString()));

        if (validation.Verdict == FileVerdict.Rejected)
        {
            await pending.FlushAsync().ConfigureAwait(false);
            await RejectFileAsync(file, validation, cancellationToken).ConfigureAwait(false);
            return new QueuedFile(new FileOutcome(file, validation.Verdict, 0, validation.RejectedRowCount, 0, validation.Findings.Count > 0 ? validation.Findings[0].Code : null), pending, null, activity);
        }

        if (validation.RejectedRowCount > 0)
        {
            await pending.FlushAsync().ConfigureAwait(false);
            await QuarantineRowsAsync(file, validation, cancellationToken).ConfigureAwait(false);
        }

        telemetry.ResultsAccepted.Add(validation.Results.Count, analyzerTag);
        var queued = 0;
        var reports = GroupBySpecimen(file.AnalyzerId, validation.Results);
        for (var index = 0; index < reports.Count; index++)
        {
            queued += await QueueReportAsync(file, route, reports[index], index, pending, cancellationToken).ConfigureAwait(false);
        }

        var archived = spool.PlanProcessed(file);
        pending.Add(audit.WriteAsync(new PipelineAuditEvent
        {
            Type = PipelineEvents.FileProcessed,
            CorrelationId = file.CorrelationId,
            AnalyzerId = file.AnalyzerId,
            FileName = file.SourceName,
            FileSha256 = file.Sha256,
            FilePath = archived,
            Disposition = "archived",
            Details = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["messages"] = reports.Count.ToString(CultureInfo.InvariantCulture),
                ["queued"] = queued.ToString(CultureInfo.InvariantCulture),
            },
        }, cancellationToken));
        if (queued > 0)
        {
            MessagesQueued?.Invoke();
        }

        return new QueuedFile(
            new FileOutcome(file, validation.Verdict, validation.Results.Count, validation.RejectedRowCount, queued, validation.Findings.FirstOrDefault(f => f.Row > 0)?.Code),
            pending,
            archived,
            activity);
    }

    /// <summary>Groups results by specimen id, keeping the order in which specimens first appear in the file.</summary>
    internal static IReadOnlyList<SpecimenReport> GroupBySpecimen(AnalyzerId analyzer, IReadOnlyList<LabResult> results)
    {
        var order = new List<string>();
        var groups = new Dictionary<string, List<LabResult>>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            if (!groups.TryGetValue(result.Specimen.Id, out var list))
            {
                list = [];
                groups.Add(result.Specimen.Id, list);
                order.Add(result.Specimen.Id);
            }

            list.Add(result);
        }

        return order.Select(id =>
        {
            var list = groups[id];
            var first = list[0];
            return new SpecimenReport
            {
                AnalyzerId = analyzer,
                Specimen = first.Specimen,
                Patient = list.Select(r => r.Patient).FirstOrDefault(p => p is not null),
                Instrument = list.Select(r => r.Instrument).FirstOrDefault(i => i is not null),
                Results = list,
            };
        }).ToList();
    }

    private async ValueTask<int> QueueReportAsync(AcquiredFile file, AnalyzerRoute route, SpecimenReport report, int index, PendingAuditWrites pending, CancellationToken cancellationToken)
    {
        MappedMessage message;
        try
        {
            message = mapper.Map(report, file.Sha256, index);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await pending.FlushAsync().ConfigureAwait(false);
            await QuarantineMappingFailureAsync(file, index, ex, cancellationToken).ConfigureAwait(false);
            return 0;
        }

        var queued = 0;
        foreach (var destination in route.Destinations)
        {
            var item = await spool.EnqueueAsync(new OutboxMetadata
            {
                ControlId = message.ControlId,
                Destination = destination,
                CorrelationId = file.CorrelationId.Value,
                AnalyzerId = file.AnalyzerId.Value,
                SourceName = file.SourceName,
                FileSha256 = file.Sha256.Hex,
                MessageIndex = index,
                ResultCount = message.ResultCount,
                QueuedAt = timeProvider.GetUtcNow(),
                AcquiredAt = file.AcquiredAt,
            }, message.Content, cancellationToken).ConfigureAwait(false);
            if (item is null)
            {
                continue; // Already queued, sent or quarantined before a restart: never queue twice.
            }

            queued++;
            telemetry.MessagesQueued.Add(1, new KeyValuePair<string, object?>(HematologyDiagnostics.DestinationTag, destination));
            pending.Add(audit.WriteAsync(new PipelineAuditEvent
            {
                Type = PipelineEvents.MessageQueued,
                CorrelationId = file.CorrelationId,
                AnalyzerId = file.AnalyzerId,
                FileName = file.SourceName,
                FileSha256 = file.Sha256,
                MessageType = "ORU^R01",
                ControlId = message.ControlId,
                Destination = destination,
                Disposition = "outbox",
                Details = new Dictionary<string, string>(StringComparer.Ordinal) { ["results"] = message.ResultCount.ToString(CultureInfo.InvariantCulture) },
            }, cancellationToken));
        }

        return queued;
    }

    private async ValueTask RejectFileAsync(AcquiredFile file, FileValidation validation, CancellationToken cancellationToken)
    {
        var code = validation.Findings.Count > 0 ? validation.Findings[0].Code : "REJECTED";
        var target = spool.PlanQuarantine(QuarantineReasons.InvalidFile, file.AnalyzerId.Value + "__" + Path.GetFileName(file.LocalPath));
        var reason = new QuarantineReason
        {
            Reason = QuarantineReasons.InvalidFile,
            Code = code,
            Summary = $"The file was rejected by profile validation ({validation.Findings.Count} issue(s)); nothing from it was sent.",
            QuarantinedAt = timeProvider.GetUtcNow(),
            CorrelationId = file.CorrelationId.Value,
            AnalyzerId = file.AnalyzerId.Value,
            Sha256 = file.Sha256.Hex,
            Details = validation.Findings.Select(f => f.ToString()).ToList(),
        };
        telemetry.FilesQuarantined.Add(1, new KeyValuePair<string, object?>(HematologyDiagnostics.OutcomeTag, QuarantineReasons.InvalidFile));
        await audit.WriteAsync(new PipelineAuditEvent
        {
            Type = PipelineEvents.FileRejected,
            CorrelationId = file.CorrelationId,
            AnalyzerId = file.AnalyzerId,
            FileName = file.SourceName,
            FileSha256 = file.Sha256,
            FilePath = target,
            Disposition = "quarantine/" + QuarantineReasons.InvalidFile,
            Reason = code,
        }, cancellationToken).ConfigureAwait(false);
        await spool.QuarantineFileAsync(file.LocalPath, file.AnalyzerId.Value, reason, cancellationToken, target).ConfigureAwait(false);
        LogFileRejected(logger, file.AnalyzerId.Value, file.CorrelationId.Value, code, validation.Findings.Count);
    }

    private async ValueTask QuarantineRowsAsync(AcquiredFile file, FileValidation validation, CancellationToken cancellationToken)
    {
        var rowFindings = validation.Findings.Where(f => f.Row > 0).ToList();
        var name = $"{file.AnalyzerId.Value}__{file.Sequence:D6}-{Path.GetFileNameWithoutExtension(file.SourceName)}.rejected-rows{Path.GetExtension(file.SourceName)}";
        var target = spool.PlanQuarantine(QuarantineReasons.RejectedRows, name);
        var reason = new QuarantineReason
        {
            Reason = QuarantineReasons.RejectedRows,
            Code = rowFindings.Count > 0 ? rowFindings[0].Code : "ROW_REJECTED",
            Summary = $"{validation.RejectedRowCount} row(s) of {file.SourceName} were set aside; the file's other results were sent.",
            QuarantinedAt = timeProvider.GetUtcNow(),
            CorrelationId = file.CorrelationId.Value,
            AnalyzerId = file.AnalyzerId.Value,
            Details = rowFindings.Select(f => f.ToString()).ToList(),
        };
        telemetry.RowsRejected.Add(validation.RejectedRowCount, new KeyValuePair<string, object?>(HematologyDiagnostics.AnalyzerTag, file.AnalyzerId.Value));
        await audit.WriteAsync(new PipelineAuditEvent
        {
            Type = PipelineEvents.RowsQuarantined,
            CorrelationId = file.CorrelationId,
            AnalyzerId = file.AnalyzerId,
            FileName = file.SourceName,
            FileSha256 = file.Sha256,
            FilePath = target,
            Disposition = "quarantine/" + QuarantineReasons.RejectedRows,
            Details = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["rows"] = validation.RejectedRowCount.ToString(CultureInfo.InvariantCulture),
                ["rowNumbers"] = string.Join(',', rowFindings.Select(f => f.Row).Distinct().Take(50)),
            },
        }, cancellationToken).ConfigureAwait(false);
        await spool.QuarantineContentAsync(name, validation.RejectedRowsContent, reason, cancellationToken, target).ConfigureAwait(false);
    }

    private async ValueTask QuarantineMappingFailureAsync(AcquiredFile file, int index, Exception error, CancellationToken cancellationToken)
    {
        var name = $"{file.AnalyzerId.Value}__{file.Sequence:D6}-{Path.GetFileNameWithoutExtension(file.SourceName)}.specimen-{index}.txt";
        var target = spool.PlanQuarantine(QuarantineReasons.MappingFailed, name);
        var reason = new QuarantineReason
        {
            Reason = QuarantineReasons.MappingFailed,
            Code = "MAPPING_FAILED",
            Summary = $"Specimen {index} of {file.SourceName} could not be mapped to HL7: {error.GetType().Name}. The source file is kept in processed/.",
            QuarantinedAt = timeProvider.GetUtcNow(),
            CorrelationId = file.CorrelationId.Value,
            AnalyzerId = file.AnalyzerId.Value,
        };
        await audit.WriteAsync(new PipelineAuditEvent
        {
            Type = PipelineEvents.MessageQuarantined,
            CorrelationId = file.CorrelationId,
            AnalyzerId = file.AnalyzerId,
            FileName = file.SourceName,
            FileSha256 = file.Sha256,
            FilePath = target,
            Disposition = "quarantine/" + QuarantineReasons.MappingFailed,
            Reason = error.GetType().Name,
        }, cancellationToken).ConfigureAwait(false);
        await spool.QuarantineContentAsync(name, System.Text.Encoding.UTF8.GetBytes(error.Message), reason, cancellationToken, target).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "File processed for analyzer {Analyzer} (correlation {CorrelationId}): {Results} results, {RejectedRows} rows set aside, {Queued} messages queued")]
    private static partial void LogFileProcessed(ILogger logger, string analyzer, string correlationId, int results, int rejectedRows, int queued);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "File rejected for analyzer {Analyzer} (correlation {CorrelationId}): {Code}, {IssueCount} issue(s); quarantined")]
    private static partial void LogFileRejected(ILogger logger, string analyzer, string correlationId, string code, int issueCount);
}
