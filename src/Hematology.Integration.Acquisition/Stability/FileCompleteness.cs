using System.Text;

namespace Hematology.Integration.Acquisition;

/// <summary>Ready-made completeness rules.</summary>
public static class FileCompleteness
{
    /// <summary>Gets a rule that accepts a file whose last byte is a line feed (the analyzer finished its last row).</summary>
    public static IFileCompletenessRule FinalNewline { get; } = new FinalNewlineRule();

    /// <summary>Creates a rule that accepts a file whose last non-empty line starts with <paramref name="trailer"/> (for example <c>END</c> or <c>#EOF</c>).</summary>
    /// <param name="trailer">The text the last line starts with (ASCII/UTF-8).</param>
    /// <returns>The rule.</returns>
    public static IFileCompletenessRule Trailer(string trailer)
    {
        ArgumentException.ThrowIfNullOrEmpty(trailer);
        return new TrailerRule(trailer);
    }

    private static async ValueTask<byte[]> TailAsync(Stream content, int count, CancellationToken cancellationToken)
    {
        var length = (int)Math.Min(count, content.Length);
        content.Seek(-length, SeekOrigin.End);
        var tail = new byte[length];
        await content.ReadExactlyAsync(tail, cancellationToken).ConfigureAwait(false);
        return tail;
    }

    private sealed class FinalNewlineRule : IFileCompletenessRule
    {
        public async ValueTask<bool> IsCompleteAsync(Stream content, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(content);
            if (content.Length == 0)
            {
                return false;
            }

            var tail = await TailAsync(content, 1, cancellationToken).ConfigureAwait(false);
            return tail[0] == (byte)'\n';
        }
    }

    private sealed class TrailerRule(string trailer) : IFileCompletenessRule
    {
        public async ValueTask<bool> IsCompleteAsync(Stream content, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(content);
            var tail = await TailAsync(content, 4096, cancellationToken).ConfigureAwait(false);
            var text = Encoding.UTF8.GetString(tail).TrimEnd('\r', '\n', ' ', '\t');
            var lastBreak = text.LastIndexOf('\n');
            var lastLine = (lastBreak < 0 ? text : text[(lastBreak + 1)..]).TrimStart('\uFEFF');
            return lastLine.StartsWith(trailer, StringComparison.Ordinal);
        }
    }
}
