using System.Buffers;
using System.Text;
using Microsoft.Extensions.Options;

namespace Hematology.Integration.Hl7Mapping;

/// <summary>
/// Builds HL7 acknowledgments: MSH-9 <c>ACK^&lt;trigger&gt;^ACK</c>, its own MSH-10, MSH-3/4 and MSH-5/6 swapped from
/// the original, MSA-2 = the original's MSH-10, and an ERR segment (ERR-2 location, ERR-3 table 0357, ERR-4 severity)
/// for every error; a negative code (AE, AR, CE, CR) without errors gets one ERR 207 (application internal error).
/// </summary>
/// <remarks>Thread-safe; one instance can serve every connection.</remarks>
public sealed class AckBuilder
{
    private readonly AckBuilderOptions _options;
    private readonly TimeProvider _timeProvider;
    private long _counter;
    private Stamp? _stamp;

    /// <summary>Creates a builder.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <param name="timeProvider">The clock for MSH-7 and the control id; <see langword="null"/> for the system clock.</param>
    /// <exception cref="OptionsValidationException">The options are not valid.</exception>
    public AckBuilder(AckBuilderOptions? options = null, TimeProvider? timeProvider = null)
    {
        _options = options ?? new AckBuilderOptions();
        var result = new AckBuilderOptionsValidator().Validate(null, _options);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(AckBuilderOptions), typeof(AckBuilderOptions), result.Failures);
        }

        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Writes an acknowledgment of <paramref name="original"/> as UTF-8 into <paramref name="output"/>.</summary>
    /// <param name="output">The destination.</param>
    /// <param name="original">The header of the message being acknowledged (<see cref="Hl7Header.Read(ReadOnlySpan{byte})"/>); an empty header when it could not be read.</param>
    /// <param name="code">The acknowledgment code.</param>
    /// <param name="textMessage">MSA-3, a short text; never patient data.</param>
    /// <param name="errors">The errors, one ERR segment each.</param>
    /// <returns>The number of bytes written.</returns>
    public long Write(IBufferWriter<byte> output, Hl7Header original, AckCode code, string? textMessage = null, IReadOnlyList<AckError>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(original);
        var w = new Hl7Writer(output);
        var from = original.Delimiters;
        w.StartSegment("MSH");
        w.Field(3);
        WriteHd(ref w, _options.SendingApplication, original.ReceivingApplication, from);
        w.Field(4);
        WriteHd(ref w, _options.SendingFacility, original.ReceivingFacility, from);
        w.Field(5);
        w.WriteRaw(Translate(original.SendingApplication, from));
        w.Field(6);
        w.WriteRaw(Translate(original.SendingFacility, from));
        w.Field(7);
        var stamp = CurrentStamp();
        w.WriteTimestamp(stamp.Local);
        w.Field(9);
        w.WriteRaw("ACK");
        if (original.TriggerEvent.Length > 0)
        {
            w.Component(2);
            w.Write(original.TriggerEvent);
            w.Component(3);
            w.WriteRaw("ACK");
        }

        w.Field(10);
        WriteControlId(ref w, stamp);
        w.Field(11);
        w.WriteRaw(original.ProcessingId.Length > 0 ? Translate(original.ProcessingId, from) : "P");
        w.Field(12);
        w.Write(original.Version.Length > 0 ? original.Version : _options.DefaultVersion);
        if (original.CharacterSet.Length > 0)
        {
            w.Field(18);
            w.WriteRaw("UNICODE UTF-8");
        }

        w.StartSegment("MSA");
        w.Field(1);
        w.WriteRaw(code.ToHl7());
        w.Field(2);
        w.Write(original.ControlId);
        if (!string.IsNullOrEmpty(textMessage))
        {
            w.Field(3);
            w.Write(textMessage);
        }

        if (errors is { Count: > 0 })
        {
            foreach (var error in errors)
            {
                WriteErr(ref w, error);
            }
        }
        else if (!code.IsAccept())
        {
            WriteErr(ref w, new AckError { Code = Hl7ErrorCode.ApplicationInternalError, Severity = Hl7ErrorSeverity.Error });
        }

        w.EndSegment();
        return w.BytesWritten;
    }

    /// <summary>Builds an acknowledgment as UTF-8 bytes.</summary>
    /// <param name="original">The header of the message being acknowledged.</param>
    /// <param name="code">The acknowledgment code.</param>
    /// <param name="textMessage">MSA-3, a short text; never patient data.</param>
    /// <param name="errors">The errors, one ERR segment each.</param>
    /// <returns>The ACK's bytes (no MLLP framing).</returns>
    public byte[] BuildUtf8(Hl7Header original, AckCode code, string? textMessage = null, IReadOnlyList<AckError>? errors = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(buffer, original, code, textMessage, errors);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Builds an acknowledgment as text (segments ended by CR).</summary>
    /// <param name="original">The header of the message being acknowledged.</param>
    /// <param name="code">The acknowledgment code.</param>
    /// <param name="textMessage">MSA-3, a short text; never patient data.</param>
    /// <param name="errors">The errors, one ERR segment each.</param>
    /// <returns>The ACK's text.</returns>
    public string Build(Hl7Header original, AckCode code, string? textMessage = null, IReadOnlyList<AckError>? errors = null)
        => Encoding.UTF8.GetString(BuildUtf8(original, code, textMessage, errors));

    /// <summary>
    /// Builds the acknowledgment a receiver sends for raw message bytes: AR with the parse error (ERR-2/3/7) when the
    /// MSH segment cannot be read, otherwise <paramref name="code"/>.
    /// </summary>
    /// <param name="message">The received message bytes.</param>
    /// <param name="code">The code to send when the header is readable.</param>
    /// <param name="textMessage">MSA-3.</param>
    /// <param name="errors">The errors.</param>
    /// <returns>The ACK's bytes.</returns>
    public byte[] BuildUtf8(ReadOnlySpan<byte> message, AckCode code, string? textMessage = null, IReadOnlyList<AckError>? errors = null)
    {
        if (Hl7Header.TryRead(message, out var header, out var error))
        {
            return BuildUtf8(header, code, textMessage, errors);
        }

        return BuildUtf8(new Hl7Header(), AckCode.ApplicationReject, "Message header could not be read", [AckError.FromParseException(error)]);
    }

    internal static string Translate(string raw, Hl7Delimiters from)
    {
        var to = Hl7Delimiters.Standard;
        if (from == to || raw.Length == 0)
        {
            return raw;
        }

        var sb = new StringBuilder(raw.Length + 8);
        foreach (var c in raw)
        {
            if (c == from.Component)
            {
                sb.Append(to.Component);
            }
            else if (c == from.Repetition)
            {
                sb.Append(to.Repetition);
            }
            else if (c == from.SubComponent)
            {
                sb.Append(to.SubComponent);
            }
            else if (c == from.Escape)
            {
                sb.Append(to.Escape);
            }
            else if (to.IsDelimiter(c) || c < ' ')
            {
                // A character that is data in the original but a delimiter here.
                Hl7Escaping.AppendEscaped(sb, [c], to);
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static void WriteHd(ref Hl7Writer w, string configured, string echoed, Hl7Delimiters from)
        => w.WriteRaw(configured.Length > 0 ? configured : Translate(echoed, from));

    private static void WriteErr(ref Hl7Writer w, AckError error)
    {
        w.StartSegment("ERR");
        if (error.Location is { } location)
        {
            w.Field(2);
            w.Write(location.SegmentId);
            int[] numbers = [location.SegmentSequence, location.Field, location.FieldRepetition, location.Component, location.SubComponent];
            for (var i = 0; i < numbers.Length; i++)
            {
                if (numbers[i] > 0)
                {
                    w.Component(i + 2);
                    w.Write(numbers[i]);
                }
            }
        }

        w.Field(3);
        if (error.Code != Hl7ErrorCode.Unspecified)
        {
            w.Write((int)error.Code);
        }

        w.Component(2);
        w.Write(error.CodeText ?? error.Code.Text());
        w.Component(3);
        w.WriteRaw(Hl7ErrorCodes.CodingSystem);
        w.Field(4);
        w.WriteRaw(error.Severity.ToHl7());
        if (!string.IsNullOrEmpty(error.DiagnosticInformation))
        {
            w.Field(7);
            w.Write(error.DiagnosticInformation);
        }

        if (!string.IsNullOrEmpty(error.UserMessage))
        {
            w.Field(8);
            w.Write(error.UserMessage);
        }
    }

    private void WriteControlId(ref Hl7Writer w, Stamp stamp)
    {
        // prefix (1-3) + yyMMddHHmmss (12) + counter (5): at most 20 characters, unique unless more than 100,000 ACKs a second.
        var counter = Interlocked.Increment(ref _counter) % 100_000;
        Span<char> id = stackalloc char[20];
        stamp.ControlIdPrefix.CopyTo(id);
        var n = stamp.ControlIdPrefix.Length;
        counter.TryFormat(id[n..], out var written, "D5", System.Globalization.CultureInfo.InvariantCulture);
        n += written;
        w.WriteRaw(id[..n]);
    }

    /// <summary>
    /// The parts of an ACK that change once a second (MSH-7 in the configured zone, the time part of MSH-10), worked
    /// out once per second rather than per ACK: both have a precision of one second.
    /// </summary>
    private Stamp CurrentStamp()
    {
        var now = _timeProvider.GetUtcNow();
        var second = now.UtcTicks / TimeSpan.TicksPerSecond;
        var stamp = _stamp;
        if (stamp is not null && stamp.UtcSecond == second)
        {
            return stamp;
        }

        var utc = now.UtcDateTime;
        var prefix = _options.ControlIdPrefix + utc.ToString("yyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        stamp = new Stamp(second, TimeZoneInfo.ConvertTime(now, _options.TimeZone ?? _timeProvider.LocalTimeZone), prefix);
        _stamp = stamp;
        return stamp;
    }

    private sealed record Stamp(long UtcSecond, DateTimeOffset Local, string ControlIdPrefix);
}
