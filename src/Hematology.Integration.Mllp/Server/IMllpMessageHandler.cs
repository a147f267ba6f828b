namespace Hematology.Integration.Mllp;

/// <summary>
/// Receives each message an <see cref="MllpServer"/> reads and says how to answer it. Messages of one connection
/// arrive one at a time, in order; different connections call the handler concurrently.
/// </summary>
public interface IMllpMessageHandler
{
    /// <summary>Handles one message.</summary>
    /// <param name="request">The message and where it came from; its token is cancelled when the handler's time bound passes.</param>
    /// <returns>The answer. An exception becomes an AE ACK (ERR-3 207); running past the time bound becomes an AR ACK (ERR-3 207).</returns>
    ValueTask<MllpResponse> HandleAsync(MllpRequest request);
}
