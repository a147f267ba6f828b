using System.Buffers;
using Hematology.Integration.Hl7Mapping;
using Hematology.Integration.Pipeline;

namespace Hematology.Integration.Adapters;

/// <summary>Mapping over the Hl7Mapping package: one ORU^R01 per specimen, MSH-10 derived from the file's SHA-256 and the message index.</summary>
internal sealed class MappingPort(IOruBuilder builder) : IMessageMappingPort
{
    public MappedMessage Map(SpecimenReport report, Sha256Digest fileSha256, int messageIndex)
    {
        var controlId = ControlId.FromContent(fileSha256, messageIndex);
        var output = new ArrayBufferWriter<byte>(2048);
        builder.Write(output, report, controlId);
        return new MappedMessage(controlId, output.WrittenMemory, report.Results.Count);
    }
}
