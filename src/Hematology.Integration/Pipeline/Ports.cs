using Hematology.Integration.Resilience;
using Hematology.Integration.Validation;

namespace Hematology.Integration.Pipeline;

// The pipeline's view of each stage. Each port is implemented by a thin adapter over the stage package, so the
// orchestration below can be read (and tested) without the stages' details.

/// <summary>One row or file-level issue, with its position; the message carries no patient data.</summary>
internal sealed record ValidationFinding(long Row, string? Column, string Code, string Message)
{
    public override string ToString() => Row > 0
        ? $"row {Row}{(Column is null ? string.Empty : ", column " + Column)}: {Code}: {Message}"
        : $"{Code}: {Message}";
}

/// <summary>What validation made of one acquired file.</summary>
/// <param name="Verdict">The file-level verdict.</param>
/// <param name="Results">The accepted results, in file order.</param>
/// <param name="Findings">Every issue found (file-level issues have row 0).</param>
/// <param name="RejectedRowCount">How many rows were set aside.</param>
/// <param name="RejectedRowsContent">The set-aside rows as they were in the file (with the header), for quarantine.</param>
/// <param name="Encoding">The encoding decision, for the audit trail.</param>
internal sealed record FileValidation(
    FileVerdict Verdict,
    IReadOnlyList<LabResult> Results,
    IReadOnlyList<ValidationFinding> Findings,
    int RejectedRowCount,
    ReadOnlyMemory<byte> RejectedRowsContent,
    string Encoding);

internal interface IFileValidationPort
{
    ValueTask<FileValidation> ValidateAsync(AcquiredFile file, string profile, CancellationToken cancellationToken);
}

/// <summary>An encoded HL7 message and its control id (MSH-10).</summary>
internal sealed record MappedMessage(string ControlId, ReadOnlyMemory<byte> Content, int ResultCount);

internal interface IMessageMappingPort
{
    /// <summary>Builds the message for one specimen; the control id is derived from the file's SHA-256 and the index.</summary>
    MappedMessage Map(SpecimenReport report, Sha256Digest fileSha256, int messageIndex);
}

/// <summary>Sends one message to one destination (MLLP, HTTP).</summary>
internal interface IDestinationPort : IAsyncDisposable
{
    string Name { get; }

    ValueTask<DeliveryResult> SendAsync(ReadOnlyMemory<byte> message, string controlId, CancellationToken cancellationToken);
}
