namespace Hematology.Integration.Mllp;

/// <summary>
/// An MLLP sender for one destination: one persistent connection, one message in flight at a time (callers are
/// served in order), and a typed result for every exchange. Create one with <see cref="MllpClient.Create"/>.
/// </summary>
public interface IMllpClient : IAsyncDisposable
{
    /// <summary>Sends an encoded HL7 message (without MLLP framing) and waits for its ACK.</summary>
    /// <param name="message">The message bytes, starting with <c>MSH</c>; MSH-10 must be set.</param>
    /// <param name="cancellationToken">Cancels the send; the connection is then closed and <see cref="OperationCanceledException"/> is thrown.</param>
    /// <returns>The outcome; failures are results, not exceptions.</returns>
    /// <exception cref="ArgumentException">The message has no MSH segment or an empty MSH-10.</exception>
    ValueTask<MllpSendResult> SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default);

    /// <summary>Encodes an HL7 message with the configured character set, sends it and waits for its ACK.</summary>
    /// <param name="message">The message text, segments separated by CR.</param>
    /// <param name="cancellationToken">Cancels the send; the connection is then closed and <see cref="OperationCanceledException"/> is thrown.</param>
    /// <returns>The outcome; failures are results, not exceptions.</returns>
    /// <exception cref="ArgumentException">The message has no MSH segment or an empty MSH-10.</exception>
    ValueTask<MllpSendResult> SendAsync(string message, CancellationToken cancellationToken = default);
}
