using System.CommandLine;
using System.Globalization;
using Hematology.Integration.Control;

namespace Hematology.Integration.Cli.Commands;

/// <summary><c>hematology pause status|now</c> and <c>hematology resume</c>: talk to a running host through its local control socket.</summary>
internal static class PauseCommands
{
    public static Command CreatePause()
    {
        var pause = new Command("pause", "Inspect or trigger the emergency pause of a running host.");

        var config = CliContext.ConfigOption();
        var spool = CliContext.SpoolOption();
        var status = new Command("status", "Show whether the running host is paused, why, and its outbox and quarantine counts.") { config, spool };
        status.SetAction((parse, ct) => CliContext.RunAsync(parse, async () =>
        {
            var result = await SendAsync(parse, config, spool, "status", null, null, ct).ConfigureAwait(false);
            Print(parse.InvocationConfiguration.Output, result);
            return ExitCodes.Success;
        }));
        pause.Add(status);

        var config2 = CliContext.ConfigOption();
        var spool2 = CliContext.SpoolOption();
        var operatorOption = OperatorOption();
        var reasonOption = ReasonOption();
        var now = new Command("now", "Pause the running host now: polling and dispatch stop, in-flight messages drain to quarantine.") { config2, spool2, operatorOption, reasonOption };
        now.SetAction((parse, ct) => CliContext.RunAsync(parse, async () =>
        {
            var result = await SendAsync(parse, config2, spool2, "pause", parse.GetValue(operatorOption), parse.GetValue(reasonOption), ct).ConfigureAwait(false);
            Print(parse.InvocationConfiguration.Output, result);
            return ExitCodes.Success;
        }));
        pause.Add(now);
        return pause;
    }

    public static Command CreateResume()
    {
        var config = CliContext.ConfigOption();
        var spool = CliContext.SpoolOption();
        var operatorOption = OperatorOption();
        var reasonOption = ReasonOption();
        var resume = new Command("resume", "Resume a paused host (audited with the operator's name and reason).") { config, spool, operatorOption, reasonOption };
        resume.SetAction((parse, ct) => CliContext.RunAsync(parse, async () =>
        {
            var result = await SendAsync(parse, config, spool, "resume", parse.GetValue(operatorOption), parse.GetValue(reasonOption), ct).ConfigureAwait(false);
            Print(parse.InvocationConfiguration.Output, result);
            return ExitCodes.Success;
        }));
        return resume;
    }

    internal static Option<string> OperatorOption() => new("--operator")
    {
        Description = "Your name, recorded in the audit trail.",
        Required = true,
    };

    internal static Option<string> ReasonOption() => new("--reason")
    {
        Description = "Why, recorded in the audit trail.",
        Required = true,
    };

    private static Task<PipelineStatus> SendAsync(ParseResult parse, Option<FileInfo?> config, Option<DirectoryInfo?> spool, string command, string? operatorName, string? reason, CancellationToken ct) =>
        SendToHostAsync(parse, config, spool, command, operatorName, reason, id: null, "Is 'hematology run' running with this configuration, as the same user?", refusedHint: null, ct);

    /// <summary>
    /// Sends one request to the running host's control channel; "no host" becomes exit 4 with <paramref name="notRunningHint"/>,
    /// a refusal exit 1 with <paramref name="refusedHint"/>.
    /// </summary>
    internal static async Task<PipelineStatus> SendToHostAsync(
        ParseResult parse, Option<FileInfo?> config, Option<DirectoryInfo?> spool, string command, string? operatorName, string? reason, string? id,
        string notRunningHint, string? refusedHint, CancellationToken ct)
    {
        var socket = Path.Combine(CliContext.ResolveSpool(parse, config, spool), ControlChannelClient.SocketFileName);
        try
        {
            return await ControlChannelClient.SendAsync(socket, command, operatorName, reason, id, ct).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            var notRunning = ex.Message.StartsWith("No running host", StringComparison.Ordinal);
            throw new CliException(ex.Message, notRunning ? notRunningHint : refusedHint, notRunning ? ExitCodes.NotFound : ExitCodes.Failed);
        }
    }

    private static void Print(TextWriter output, PipelineStatus status)
    {
        output.WriteLine(status.Paused
            ? $"PAUSED since {status.PausedSince?.ToString("u", CultureInfo.InvariantCulture) ?? "?"}: {status.PauseReason}"
            : "RUNNING");
        output.WriteLine($"outbox: {status.OutboxDepth} message(s) waiting; quarantine: {status.QuarantineCount} item(s); files settled since start: {status.FilesSettled}");
    }
}
