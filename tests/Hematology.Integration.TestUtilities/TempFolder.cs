namespace Hematology.Integration.Testing;

/// <summary>A fresh folder under the system's temporary folder, deleted (best effort) when disposed.</summary>
public sealed class TempFolder : IDisposable
{
    /// <summary>Creates the folder.</summary>
    /// <param name="prefix">The start of the folder's name, to tell the tests' leftovers apart.</param>
    public TempFolder(string prefix = "hematology-tests-")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>Gets the folder's full path.</summary>
    public string Path { get; }

    /// <summary>Combines the folder's path with more parts.</summary>
    /// <param name="parts">The parts below the folder.</param>
    /// <returns>The full path.</returns>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Deletes the folder and everything in it, ignoring what cannot be deleted.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
        catch (UnauthorizedAccessException)
        {
            // Best effort.
        }
    }
}
