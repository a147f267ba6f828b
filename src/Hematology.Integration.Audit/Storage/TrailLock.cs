using System.Globalization;
using System.Text;

namespace Hematology.Integration.Audit.Storage;

/// <summary>
/// A process-level lock: the lock file is held open exclusively (an OS file lock) for as long as the trail is open,
/// so two processes, or two trail instances in one process, never append to the same trail.
/// </summary>
internal sealed class TrailLock : IDisposable
{
    private readonly FileStream _stream;

    private TrailLock(FileStream stream) => _stream = stream;

    public static TrailLock Acquire(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
        }
        catch (IOException ex)
        {
            throw new AuditTrailException($"The audit trail is locked: {path} is held by another process or another open trail.", ex);
        }

        try
        {
            stream.SetLength(0);
            stream.Write(Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
            stream.Flush();
        }
        catch (IOException)
        {
            stream.Dispose();
            throw;
        }

        return new TrailLock(stream);
    }

    public void Dispose() => _stream.Dispose();
}
