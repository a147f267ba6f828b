using System.Diagnostics.CodeAnalysis;
using System.Text;
using Hematology.Integration.Hl7Mapping;

namespace Hematology.Integration.Mllp;

/// <summary>
/// The bytes of one received message with its text and parsed form made on first use: the receiver decodes and parses
/// only what a handler (or payload logging) reads. Safe to read from several threads; each value is made once or, in a
/// race, made twice alike and one kept.
/// </summary>
internal sealed class MllpRequestContent
{
    private readonly Encoding _encoding;
    private string? _text;
    private Hl7Message? _message;

    /// <summary>Creates the content of a message.</summary>
    /// <param name="payload">The message bytes (owned by the content from now on).</param>
    /// <param name="encoding">The encoding to decode them with.</param>
    public MllpRequestContent(byte[] payload, Encoding encoding)
    {
        Payload = payload;
        _encoding = encoding;
    }

    /// <summary>Gets the message bytes.</summary>
    public byte[] Payload { get; }

    /// <summary>Gets the decoded text (decoded on first use).</summary>
    public string Text
    {
        get
        {
            var text = Volatile.Read(ref _text);
            if (text is null)
            {
                text = _encoding.GetString(Payload);
                text = Interlocked.CompareExchange(ref _text, text, null) ?? text;
            }

            return text;
        }
    }

    /// <summary>Gets whether the message has been parsed (for tests).</summary>
    internal bool IsParsed => Volatile.Read(ref _message) is not null;

    /// <summary>Gets the parsed message (parsed on first use; the receiver has checked that it parses).</summary>
    public Hl7Message Message
    {
        get
        {
            var message = Volatile.Read(ref _message);
            if (message is null)
            {
                message = Hl7Message.Parse(Text.AsMemory());
                message = Interlocked.CompareExchange(ref _message, message, null) ?? message;
            }

            return message;
        }
    }

    /// <summary>Parses the message now, keeping the result.</summary>
    /// <param name="error">Where and why it cannot be parsed.</param>
    /// <returns><see langword="true"/> when it parses.</returns>
    public bool TryParse([NotNullWhen(false)] out Hl7ParseException? error)
    {
        if (!Hl7Message.TryParse(Text.AsMemory(), out var message, out error))
        {
            return false;
        }

        Interlocked.CompareExchange(ref _message, message, null);
        return true;
    }
}
