namespace Hematology.Integration.Testing.Peers;

/// <summary>Sets Unix permissions where they exist (the FTP servers run sessions as another user).</summary>
internal static class UnixModes
{
    public static void Set(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    public static void CreateFolder(string path, UnixFileMode mode)
    {
        Directory.CreateDirectory(path);
        Set(path, mode);
    }
}
