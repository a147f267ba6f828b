using Hematology.Integration.Resilience;
using System.Text;
using Hematology.Integration.Diagnostics;
using Hematology.Integration.Pipeline;
using Hematology.Integration.Spool;
using Hematology.Integration.Validation;
using Hematology.Integration.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hematology.Integration.Tests.Pipeline;

/// <summary>A spool in a temporary folder with the pipeline's parts wired to fakes.</summary>
internal sealed class PipelineTestBed : IDisposable
{
    public PipelineTestBed()
    {
        Root = Directory.CreateTempSubdirectory("pipeline-").FullName;
        Spool = new DurableSpool(Root, Time);
        Spool.Recover();
    }

    public string Root { get; }

    public FakeTimeProvider Time { get; } = new();

    public DurableSpool Spool { get; }

    public RecordingAudit Audit { get; } = new();

    public PipelineTelemetry Telemetry { get; } = new();

    public static AnalyzerId Analyzer { get; } = AnalyzerId.Create("xn-1");

    public FileProcessor Processor(IFileValidationPort validator, IMessageMappingPort? mapper = null, IAuditPort? audit = null) =>
        new(Spool, validator, mapper ?? new FakeMapper(), audit ?? Audit, Telemetry, Time, NullLogger<FileProcessor>.Instance);

    public Dispatcher Dispatcher(IDestinationPort destination, IEmergencyPause? pause = null, IDeliveryPolicy? policy = null, IAuditPort? audit = null) =>
        new(destination, Spool, policy ?? new SimplePolicy(), pause ?? new ManualPause(), audit ?? Audit, Telemetry, Time, NullLogger<Dispatcher>.Instance);

    public AcquiredFile Acquire(string name, string content, long sequence = 1)
    {
        var folder = Spool.AcquiredDirectory(Analyzer);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{sequence:D6}-{name}");
        var bytes = Encoding.UTF8.GetBytes(content);
        File.WriteAllBytes(path, bytes);
        return new AcquiredFile
        {
            AnalyzerId = Analyzer,
            CorrelationId = CorrelationId.New(Time),
            SourceName = name,
            SourceLocation = "file:///drop/",
            LocalPath = path,
            Length = bytes.Length,
            Sha256 = Sha256Digest.Compute(bytes),
            AcquiredAt = Time.GetUtcNow(),
            Sequence = sequence,
        };
    }

    public static LabResult Result(string specimen, string code, decimal value, long row) => new()
    {
        AnalyzerId = Analyzer,
        Specimen = new Specimen { Id = specimen },
        Patient = new PatientIdentity { Id = "MRN-" + specimen },
        LocalCode = code,
        Value = ResultValue.Numeric(value),
        SourceRow = row,
    };

    public static FileValidation Accepted(params LabResult[] results) =>
        new(FileVerdict.Accepted, results, [], 0, default, "utf-8");

    public void Dispose()
    {
        Telemetry.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
