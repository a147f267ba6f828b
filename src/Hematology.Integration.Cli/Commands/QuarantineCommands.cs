using System.CommandLine;
using System.Globalization;
using Hematology.Integration.Spool;

namespace Hematology.Integration.Cli.Commands;

/// <summary><c>hematology quarantine list</c> and <c>hematology quarantine requeue ID</c>.</summary>
internal static class QuarantineCommands
{
    public static Command Create()
    {
        var quarantine = new Command("quarantine", "See what was set aside and why; send a quarantined message again.");
        quarantine.Add(CreateList());
        quarantine.Add(CreateRequeue());
        return quarantine;
    }

    private static Command CreateList()
    {
        var config = CliContext.ConfigOption();
        var spool = CliContext.SpoolOption();
        var reasonFilter = new Option<string?>("--reason") { Description = $"Only this reason ({string.Join(", ", Reasons)})." };
        var list = new Command("list", "List quarantined files and messages, oldest first, with their ids and reasons.") { config, spool, reasonFilter };
        list.SetAction((parse, _) => CliContext.RunAsync(parse, () =>
        {
            var output = parse.InvocationConfiguration.Output;
            var root = CliContext.ResolveSpool(parse, config, spool);
            var entries = SpoolQuarantine.List(root)
                .Where(e => parse.GetValue(reasonFilter) is not { } only || string.Equals(e.Reason, only, StringComparison.Ordinal))
                .ToList();
            if (entries.Count == 0)
            {
                output.WriteLine($"Quarantine is empty ({Path.Combine(root, "quarantine")}).");
                return Task.FromResult(ExitCodes.Success);
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{entries.Count} item(s) in {Path.Combine(root, "quarantine")}:"));
            foreach (var entry in entries)
            {
                var kind = entry.IsMessage ? "message" : "file   ";
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {entry.QuarantinedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z  {kind}  {entry.Id}"));
                output.WriteLine("      " + entry.Summary);
            }

            output.WriteLine("Each item has a .reason.txt and a .reason.json beside it. Requeue a message with 'hematology quarantine requeue ID --operator NAME --reason TEXT'.");
            return Task.FromResult(ExitCodes.Success);
        }));
        return list;
    }

    private static Command CreateRequeue()
    {
        var config = CliContext.ConfigOption();
        var spool = CliContext.SpoolOption();
        var operatorOption = PauseCommands.OperatorOption();
        var reasonOption = PauseCommands.ReasonOption();
        var id = new Argument<string>("id") { Description = "The quarantine id, as 'quarantine list' shows it (reason/file)." };
        var requeue = new Command(
            "requeue",
            "Move a quarantined message back to the end of its outbox, keeping its control id (MSH-10); audited with your name and reason. The running host does the move, as the only writer of the spool and the trail.")
        {
            config, spool, operatorOption, reasonOption, id,
        };
        requeue.SetAction((parse, ct) => CliContext.RunAsync(parse, async () =>
        {
            var output = parse.InvocationConfiguration.Output;
            var status = await PauseCommands.SendToHostAsync(
                parse, config, spool, "requeue", parse.GetValue(operatorOption), parse.GetValue(reasonOption), parse.GetRequiredValue(id),
                "Start 'hematology run --config FILE' first: the running host moves the message and audits it.",
                "List the ids with 'hematology quarantine list'.",
                ct).ConfigureAwait(false);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Requeued {parse.GetRequiredValue(id)}; the outbox now holds {status.OutboxDepth} message(s)."));
            return ExitCodes.Success;
        }));
        return requeue;
    }

    private static IEnumerable<string> Reasons =>
    [
        QuarantineReasons.InvalidFile, QuarantineReasons.RejectedRows, QuarantineReasons.AckTimeout, QuarantineReasons.ApplicationError,
        QuarantineReasons.Rejected, QuarantineReasons.ProtocolError, QuarantineReasons.MappingFailed,
    ];
}
