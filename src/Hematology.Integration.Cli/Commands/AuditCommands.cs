using System.CommandLine;
using System.Globalization;
using Hematology.Integration.Audit;

namespace Hematology.Integration.Cli.Commands;

/// <summary><c>hematology audit verify</c> and <c>hematology audit report</c>: check and summarise the audit trail.</summary>
internal static class AuditCommands
{
    public static Command Create()
    {
        var audit = new Command("audit", "Verify the tamper-evident audit trail, or write a compliance summary from it.");
        audit.Add(CreateVerify());
        audit.Add(CreateReport());
        return audit;
    }

    private static Command CreateVerify()
    {
        var location = new TrailLocation();
        var noArtifacts = new Option<bool>("--no-artifacts") { Description = "Check the chain only; do not re-hash the retained files the trail names." };
        var verify = new Command("verify", "Recompute the audit trail's hash chain, name the first broken entry, and re-hash the retained files it names.") { noArtifacts };
        location.AddTo(verify);
        verify.SetAction((parse, ct) => CliContext.RunAsync(parse, async () =>
        {
            var output = parse.InvocationConfiguration.Output;
            var trail = location.Resolve(parse);
            var report = await VerifyAsync(trail, !parse.GetValue(noArtifacts), ct).ConfigureAwait(false);
            Print(output, trail, report);
            return report.IsValid ? ExitCodes.Success : ExitCodes.Failed;
        }));
        return verify;
    }

    private static Command CreateReport()
    {
        var location = new TrailLocation();
        var from = new Option<DateOnly?>("--from") { Description = "First day (UTC, yyyy-MM-dd); the default is today." };
        var to = new Option<DateOnly?>("--to") { Description = "Last day (UTC, yyyy-MM-dd); the default is --from." };
        var format = new Option<string>("--format")
        {
            Description = "html (a self-contained page with charts) or json.",
            DefaultValueFactory = _ => "html",
        };
        format.AcceptOnlyFromAmong("html", "json");
        var outputFile = new Option<FileInfo?>("--output", "-o") { Description = "Where to write the report; the default is the console." };
        var report = new Command("report", "Write a compliance summary (files, results, messages, ACK outcomes, quarantine, pauses) for a day or a range.")
        {
            from, to, format, outputFile,
        };
        location.AddTo(report);
        report.SetAction((parse, ct) => CliContext.RunAsync(parse, async () =>
        {
            var output = parse.InvocationConfiguration.Output;
            var first = parse.GetValue(from) ?? DateOnly.FromDateTime(DateTime.UtcNow);
            var last = parse.GetValue(to) ?? first;
            if (last < first)
            {
                throw new CliException("--to is before --from.", "Give the range in order, e.g. --from 2026-11-01 --to 2026-11-30.", ExitCodes.Usage);
            }

            var trail = location.Resolve(parse);
            var verification = await VerifyAsync(trail, verifyArtifacts: true, ct).ConfigureAwait(false);
            var summary = await ComplianceReport.SummarizeAsync(trail.Reader, first, last, verification: verification, cancellationToken: ct).ConfigureAwait(false);
            var text = string.Equals(parse.GetValue(format), "json", StringComparison.Ordinal) ? ComplianceReport.ToJson(summary) : ComplianceReport.ToHtml(summary);
            if (parse.GetValue(outputFile) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, text, ct).ConfigureAwait(false);
                output.WriteLine($"Wrote the {parse.GetValue(format)} report for {first:yyyy-MM-dd} to {last:yyyy-MM-dd} to {file.FullName}.");
                if (!verification.IsValid)
                {
                    output.WriteLine("WARNING: the audit trail did not verify; the report says where.");
                }
            }
            else
            {
                output.WriteLine(text);
            }

            return verification.IsValid ? ExitCodes.Success : ExitCodes.Failed;
        }));
        return report;
    }

    private static async Task<AuditVerificationReport> VerifyAsync(ResolvedTrail trail, bool verifyArtifacts, CancellationToken cancellationToken)
    {
        var verifier = AuditTrail.CreateVerifier(new AuditVerifierOptions { ArtifactRoot = trail.ArtifactRoot, VerifyArtifacts = verifyArtifacts && trail.ArtifactRoot is not null });
        try
        {
            return await verifier.VerifyAsync(trail.Reader, cancellationToken).ConfigureAwait(false);
        }
        catch (AuditTrailException ex)
        {
            throw new CliException($"The audit trail at {trail.Description} cannot be read: {ex.Message}", "Check the path, and that this user may read it.", ExitCodes.Failed);
        }
    }

    private static void Print(TextWriter output, ResolvedTrail trail, AuditVerificationReport report)
    {
        var ms = report.Elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
        output.WriteLine($"audit trail: {trail.Description}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {report.EntriesVerified} entries verified in {ms} ms; last sequence {report.LastSequence}; head hash {report.LastHash ?? "-"}"));
        if (report.ChainBreak is { } broken)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  BROKEN at entry {broken.Sequence} ({broken.Kind}, {broken.Location}): {broken.Message}"));
        }

        if (report.HeadProblem is { } head)
        {
            output.WriteLine("  HEAD: " + head);
        }

        if (report.HasTornTail)
        {
            output.WriteLine("  note: an incomplete last line (a crash mid-append) was found and set aside; no committed entry is affected.");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {report.ArtifactsChecked} retained file(s) re-hashed{(trail.ArtifactRoot is null ? " (no spool given: pass --spool or --config to re-hash them)" : string.Empty)}"));
        foreach (var problem in report.ArtifactProblems)
        {
            output.WriteLine(problem.Kind == AuditArtifactProblemKind.Missing
                ? string.Create(CultureInfo.InvariantCulture, $"  MISSING {problem.Path} (entry {problem.Sequence})")
                : string.Create(CultureInfo.InvariantCulture, $"  CHANGED {problem.Path} (entry {problem.Sequence}): expected SHA-256 {problem.ExpectedSha256}, found {problem.ActualSha256}"));
        }

        output.WriteLine(report.IsValid ? "VERIFIED: the trail is intact." : "FAILED: the trail or the files it names were altered (see above).");
    }
}
