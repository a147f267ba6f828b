using System.Diagnostics;
using System.Globalization;

namespace Hematology.Integration.Resilience;

/// <summary>Runs a configured executable for each alert, with the alert as JSON on its standard input; time-bounded.</summary>
internal sealed class CommandAlertSink(string command, IReadOnlyList<string> arguments, TimeSpan timeout, TimeProvider timeProvider) : IAlertSink
{
    public async ValueTask AlertAsync(Alert alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var start = new ProcessStartInfo(command)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"The alert command '{command}' could not be started.");
        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(linked.Token);
            var stderr = process.StandardError.ReadToEndAsync(linked.Token);
            var json = AlertPayload.Serialize(alert);
            await process.StandardInput.BaseStream.WriteAsync(json, linked.Token).ConfigureAwait(false);
            await process.StandardInput.BaseStream.FlushAsync(linked.Token).ConfigureAwait(false);
            process.StandardInput.Close();
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            await stdout.ConfigureAwait(false);
            await stderr.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The alert command '{command}' exited with code {process.ExitCode}."));
            }
        }
        catch (OperationCanceledException ex)
        {
            Kill(process);
            if (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"The alert command '{command}' did not finish within {timeout.TotalSeconds:0.###} s and was killed."), ex);
            }

            throw;
        }
        catch (IOException ioException)
        {
            // The command closed its standard input early: wait for its verdict (the exit code) within the bound.
            try
            {
                await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex)
            {
                Kill(process);
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"The alert command '{command}' did not finish within {timeout.TotalSeconds:0.###} s and was killed."), ex);
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The alert command '{command}' exited with code {process.ExitCode}."), ioException);
            }
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
