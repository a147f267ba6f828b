using System.Net;

namespace Hematology.Integration.Acquisition;

/// <summary>
/// Lets only one FTPS session at a time use a given TLS server name in this process. .NET on Linux keeps one TLS
/// session per server name for resumption, process-wide: two FTPS sessions with the same name at once overwrite each
/// other's entry, so a data connection can offer the other session's ticket, which vsftpd and proftpd refuse
/// (vsftpd then drops the whole session). Serialising by name keeps every data connection resuming its own control
/// connection's session. Names that are IP literals are not gated: .NET never resumes those.
/// </summary>
internal static class TlsSessionGate
{
    private static readonly Dictionary<string, Gate> Gates = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets whether a session waits for <paramref name="serverName"/> now.</summary>
    /// <param name="serverName">The TLS server name, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when another session waits for the name.</returns>
    public static bool HasWaiters(string? serverName)
    {
        if (!IsGated(serverName))
        {
            return false;
        }

        lock (Gates)
        {
            return Gates.TryGetValue(serverName!, out var gate) && gate.Waiting > 0;
        }
    }

    /// <summary>Waits until no other session in this process uses <paramref name="serverName"/>, then takes it.</summary>
    /// <param name="serverName">The TLS server name.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Gives the name back when disposed; <see langword="null"/> when the name needs no gate.</returns>
    public static async Task<IDisposable?> EnterAsync(string serverName, CancellationToken cancellationToken)
    {
        if (!IsGated(serverName))
        {
            return null;
        }

        Gate gate;
        lock (Gates)
        {
            if (!Gates.TryGetValue(serverName, out gate!))
            {
                gate = new Gate();
                Gates[serverName] = gate;
            }

            gate.Waiting++;
        }

        try
        {
            await gate.Slot.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (Gates)
            {
                gate.Waiting--;
            }
        }

        return new Release(gate);
    }

    private static bool IsGated(string? serverName) => !string.IsNullOrEmpty(serverName) && !IPAddress.TryParse(serverName, out _);

    /// <summary>One name's slot (lives as long as the process, like the names configured).</summary>
#pragma warning disable CA1001 // Process-wide and never released; a SemaphoreSlim without a wait handle holds no OS resource.
    private sealed class Gate
    {
        public readonly SemaphoreSlim Slot = new(1, 1);
        public int Waiting;
    }
#pragma warning restore CA1001

    private sealed class Release(Gate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Slot.Release();
            }
        }
    }
}
