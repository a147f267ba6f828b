using System.Buffers;
using System.Globalization;
using Hematology.Integration.Validation.Profiles;

namespace Hematology.Integration.Validation.Encoding;

/// <summary>What the detector decided and the stream the CSV reader should read.</summary>
internal sealed record DetectedEncoding(EncodingDecision Decision, System.Text.Encoding? ReaderEncoding, InspectingStream Stream, bool Supported, bool Empty, int PreambleLength);

/// <summary>
/// Decides a file's encoding: a byte order mark (UTF-8, UTF-16 LE/BE), else strict UTF-8, else Windows-1252, else
/// Latin-1. A seekable stream is examined whole (then rewound); otherwise a prefix is, and the rest is checked while read.
/// </summary>
internal static class EncodingDetector
{
    public static async ValueTask<DetectedEncoding> DetectAsync(Stream content, CompiledProfile profile, int probeBytes, CancellationToken cancellationToken)
    {
        Encodings.EnsureRegistered();
        var head = new byte[4];
        if (content.CanSeek)
        {
            var start = content.Position;
            var validator = new Utf8Validator();
            var buffer = ArrayPool<byte>.Shared.Rent(1024 * 1024);
            var headLength = 0;
            try
            {
                int read;
                while ((read = await InspectingStream.ReadFromAsync(content, buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (headLength < 4)
                    {
                        var take = Math.Min(4 - headLength, read);
                        buffer.AsSpan(0, take).CopyTo(head.AsSpan(headLength));
                        headLength += take;
                    }

                    validator.Append(buffer.AsSpan(0, read));
                }

                validator.Complete();
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            content.Position = start;
            var (decision, encoding, supported, preamble) = Decide(profile, head.AsSpan(0, headLength), validator, fromPrefix: false);
            return new DetectedEncoding(decision, encoding, new InspectingStream(content, [], 0, null), supported, validator.Offset == 0, preamble);
        }
        else
        {
            var prefix = new byte[probeBytes];
            var length = 0;
            int read;
            while (length < prefix.Length && (read = await InspectingStream.ReadFromAsync(content, prefix.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            var complete = length < prefix.Length;
            var validator = new Utf8Validator();
            validator.Append(prefix.AsSpan(0, length));
            if (complete)
            {
                validator.Complete();
            }

            var (decision, encoding, supported, preamble) = Decide(profile, prefix.AsSpan(0, Math.Min(4, length)), validator, fromPrefix: !complete);

            // Keep checking the rest only when UTF-8 was chosen from a prefix: later bytes could contradict it.
            var keepChecking = !complete && decision.Reason == EncodingReason.ValidUtf8 ? validator : null;
            return new DetectedEncoding(decision, encoding, new InspectingStream(content, prefix, length, keepChecking), supported, length == 0, preamble);
        }
    }

    private static (EncodingDecision Decision, System.Text.Encoding? Encoding, bool Supported, int Preamble) Decide(
        CompiledProfile profile, ReadOnlySpan<byte> head, Utf8Validator validator, bool fromPrefix)
    {
        var scope = fromPrefix
            ? "the first " + validator.Offset.ToString(CultureInfo.InvariantCulture) + " bytes"
            : "all " + validator.Offset.ToString(CultureInfo.InvariantCulture) + " bytes";
        if (head.Length >= 4 && head[0] == 0xFF && head[1] == 0xFE && head[2] == 0 && head[3] == 0)
        {
            return (new EncodingDecision("utf-32", EncodingReason.ByteOrderMark, "UTF-32 LE byte order mark; UTF-32 is not supported") { FromPrefix = fromPrefix }, null, false, 4);
        }

        if (head.Length >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 0xFE && head[3] == 0xFF)
        {
            return (new EncodingDecision("utf-32BE", EncodingReason.ByteOrderMark, "UTF-32 BE byte order mark; UTF-32 is not supported") { FromPrefix = fromPrefix }, null, false, 4);
        }

        if (head.Length >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
        {
            return (new EncodingDecision("utf-8", EncodingReason.ByteOrderMark, "UTF-8 byte order mark") { FromPrefix = fromPrefix }, null, true, 3);
        }

        if (head.Length >= 2 && head[0] == 0xFF && head[1] == 0xFE)
        {
            return (new EncodingDecision("utf-16", EncodingReason.ByteOrderMark, "UTF-16 LE byte order mark") { FromPrefix = fromPrefix }, null, true, 2);
        }

        if (head.Length >= 2 && head[0] == 0xFE && head[1] == 0xFF)
        {
            return (new EncodingDecision("utf-16BE", EncodingReason.ByteOrderMark, "UTF-16 BE byte order mark") { FromPrefix = fromPrefix }, null, true, 2);
        }

        if (profile.Encoding is { } pinned)
        {
            return (new EncodingDecision(pinned.WebName, EncodingReason.Profile, "the profile names the encoding") { FromPrefix = fromPrefix }, pinned, true, 0);
        }

        if (validator.FirstInvalid < 0)
        {
            var detail = validator.SawNonAscii
                ? $"no byte order mark; {scope} are valid UTF-8"
                : $"no byte order mark; {scope} are ASCII";
            return (new EncodingDecision("utf-8", EncodingReason.ValidUtf8, detail) { FromPrefix = fromPrefix }, null, true, 0);
        }

        var invalidAt = validator.FirstInvalid.ToString(CultureInfo.InvariantCulture);
        if (validator.FirstUndefinedIn1252 < 0)
        {
            return (new EncodingDecision("windows-1252", EncodingReason.Windows1252,
                $"no byte order mark; not UTF-8 (first invalid byte at offset {invalidAt}); every byte of {scope} is defined in Windows-1252") { FromPrefix = fromPrefix },
                System.Text.Encoding.GetEncoding(1252), true, 0);
        }

        return (new EncodingDecision("iso-8859-1", EncodingReason.Latin1,
            $"no byte order mark; not UTF-8 (first invalid byte at offset {invalidAt}); byte at offset {validator.FirstUndefinedIn1252.ToString(CultureInfo.InvariantCulture)} is undefined in Windows-1252") { FromPrefix = fromPrefix },
            System.Text.Encoding.Latin1, true, 0);
    }
}
