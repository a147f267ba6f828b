using System.Runtime.CompilerServices;
using System.Text;
using Xunit.Sdk;

namespace Hematology.Integration.Testing;

/// <summary>
/// Golden-file approvals: compares a text with <c>&lt;name&gt;.approved.txt</c> beside the calling test file.
/// On a difference it writes <c>&lt;name&gt;.received.txt</c> next to it and fails with the first differing line.
/// Set the environment variable <c>APPROVE=1</c> to accept the received text as the new approved file.
/// </summary>
public static class Approval
{
    /// <summary>Verifies <paramref name="received"/> against the approved file.</summary>
    /// <param name="received">The text the code produced.</param>
    /// <param name="name">The golden file's name, without <c>.approved.txt</c>.</param>
    /// <param name="scrubbers">Replacements applied to <paramref name="received"/> first, for volatile values such as timestamps.</param>
    /// <param name="sourceFile">Filled by the compiler: the calling test file.</param>
    public static void Verify(string received, string name, IEnumerable<Func<string, string>>? scrubbers = null, [CallerFilePath] string sourceFile = "")
    {
        ArgumentNullException.ThrowIfNull(received);
        foreach (var scrub in scrubbers ?? [])
        {
            received = scrub(received);
        }

        received = Normalize(received);
        var folder = Path.GetDirectoryName(sourceFile) ?? throw new InvalidOperationException("No caller file path.");
        var approvedPath = Path.Combine(folder, name + ".approved.txt");
        var receivedPath = Path.Combine(folder, name + ".received.txt");

        if (Environment.GetEnvironmentVariable("APPROVE") == "1")
        {
            File.WriteAllText(approvedPath, received, new UTF8Encoding(false));
            File.Delete(receivedPath);
            return;
        }

        var approved = File.Exists(approvedPath) ? Normalize(File.ReadAllText(approvedPath)) : null;
        if (approved == received)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, received, new UTF8Encoding(false));
        if (approved is null)
        {
            throw new XunitException($"No approved file {approvedPath}. The received text is in {receivedPath}; review it and rename it (or run with APPROVE=1).");
        }

        throw new XunitException($"{name}: received text differs from the approved file.{Environment.NewLine}{FirstDifference(approved, received)}{Environment.NewLine}Received: {receivedPath}");
    }

    /// <summary>Makes HL7 segment terminators and line ends visible and stable: CR becomes a newline.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The text with <c>\r\n</c> and lone <c>\r</c> written as <c>\n</c>.</returns>
    public static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    private static string FirstDifference(string approved, string received)
    {
        var a = approved.Split('\n');
        var r = received.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, r.Length); i++)
        {
            var left = i < a.Length ? a[i] : "<missing>";
            var right = i < r.Length ? r[i] : "<missing>";
            if (!string.Equals(left, right, StringComparison.Ordinal))
            {
                return $"Line {i + 1}:{Environment.NewLine}  approved: {left}{Environment.NewLine}  received: {right}";
            }
        }

        return "(whitespace differences only)";
    }
}
