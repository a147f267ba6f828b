using System.Text;
using Hematology.Integration.Testing;
using static Hematology.Integration.Validation.Tests.TestCorpus;

namespace Hematology.Integration.Validation.Tests.Engine;

// Memory is measured process-wide (GC.GetTotalMemory): no other test may allocate at the same time.
[Collection(MemoryMeasurement.Name)]
public sealed class StreamingTests
{
    private const string Header = "Patient_ID,Test_Code,Result_Value,Units,Flag,Timestamp\n";

    [Fact]
    public async Task ValidateAsync_ResultsArriveBeforeTheFileIsFullyRead()
    {
        var first = new StringBuilder(Header);
        for (var i = 0; i < 60; i++)
        {
            first.Append("MRN").Append(i).Append(",WBC,5.0,10^3/uL,,2025-03-14T10:00:00\n");
        }

        var stream = new GatedStream(System.Text.Encoding.UTF8.GetBytes(first.ToString()), System.Text.Encoding.UTF8.GetBytes("MRNZ,HGB,13.0,g/dL,,2025-03-14T10:00:00\n"));
        var validator = Validator(new ResultFileValidatorOptions { EncodingProbeBytes = 1024 });
        var seenBeforeGate = 0;
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await foreach (var item in validator.ValidateAsync(stream, Analyzer, GenericLong, guard.Token))
        {
            if (item is ResultAccepted && !stream.GateOpened)
            {
                seenBeforeGate++;
                if (seenBeforeGate == 10)
                {
                    stream.OpenGate();
                }
            }

            if (item is ValidationCompleted completed)
            {
                Assert.Equal(FileVerdict.Accepted, completed.Summary.Verdict);
                Assert.Equal(61, completed.Summary.ResultsAccepted);
            }
        }

        Assert.Equal(10, seenBeforeGate);
    }

    [Fact]
    public async Task ValidateAsync_SlowerThanTheTimeBound_EndsRejectedWithTimeout()
    {
        var clock = new FakeTimeProvider();
        var stream = new GatedStream(System.Text.Encoding.UTF8.GetBytes(Header + "MRN1,WBC,5.0,10^3/uL,,2025-03-14T10:00:00\n"), []);
        var validator = Validator(new ResultFileValidatorOptions { MaxDuration = TimeSpan.FromSeconds(30), EncodingProbeBytes = 1024 }, clock);

        var running = validator.ValidateAllAsync(stream, Analyzer, GenericLong);
        await stream.Blocked.WaitAsync(TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(running.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        var outcome = await running.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(FileVerdict.Rejected, outcome.Verdict);
        Assert.Equal(ValidationIssueCodes.FileTimeout, Assert.Single(outcome.Summary.FileIssues).Code);
    }

    [Fact]
    public async Task ValidateAsync_CancelledByCaller_ThrowsOperationCanceled()
    {
        var stream = new GatedStream(System.Text.Encoding.UTF8.GetBytes(Header + "MRN1,WBC,5.0,10^3/uL,,2025-03-14T10:00:00\n"), []);
        using var cancellation = new CancellationTokenSource();
        var validator = Validator(new ResultFileValidatorOptions { EncodingProbeBytes = 1024 });

        var running = validator.ValidateAllAsync(stream, Analyzer, GenericLong, cancellation.Token);
        await stream.Blocked.WaitAsync(TimeSpan.FromSeconds(10));
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task ValidateAsync_LargeGeneratedStream_KeepsMemoryConstant()
    {
        const int rows = 400_000;
        var validator = Validator();
        long results = 0;
        long peak = 0;
        var baseline = GC.GetTotalMemory(forceFullCollection: true);

        await foreach (var item in validator.ValidateAsync(new GeneratedExportStream(rows), Analyzer, GenericLong))
        {
            if (item is ResultAccepted && ++results % 100_000 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
            else if (item is ValidationCompleted completed)
            {
                Assert.Equal(FileVerdict.Accepted, completed.Summary.Verdict);
            }
        }

        Assert.Equal(rows, results);
        Assert.InRange(peak, long.MinValue, 8 * 1024 * 1024);
    }

    [Fact]
    public async Task ValidateAsync_ConsumerStopsEarly_DisposesTheReaderWithoutError()
    {
        var validator = Validator();
        var taken = 0;
        await foreach (var item in validator.ValidateAsync(new GeneratedExportStream(10_000), Analyzer, GenericLong))
        {
            if (++taken == 5)
            {
                break;
            }
        }

        Assert.Equal(5, taken);
    }

    /// <summary>Returns its first part, then waits (signalling <see cref="Blocked"/>) until the gate opens or the read is cancelled.</summary>
    private sealed class GatedStream(byte[] first, byte[] rest) : Stream
    {
        private readonly TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource blocked = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int position;

        public bool GateOpened => gate.Task.IsCompleted;

        public Task Blocked => blocked.Task;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => position; set => throw new NotSupportedException(); }

        public void OpenGate() => gate.TrySetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (position < first.Length)
            {
                var count = Math.Min(buffer.Length, first.Length - position);
                first.AsMemory(position, count).CopyTo(buffer);
                position += count;
                return count;
            }

            blocked.TrySetResult();
            await gate.Task.WaitAsync(cancellationToken);
            var offset = position - first.Length;
            var remaining = Math.Min(buffer.Length, rest.Length - offset);
            rest.AsMemory(offset, remaining).CopyTo(buffer);
            position += remaining;
            return remaining;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>A generic-long export generated on the fly, never held in memory.</summary>
internal sealed class GeneratedExportStream(int rows) : Stream
{
    private static readonly string[] Codes = ["WBC", "RBC", "HGB", "HCT", "PLT", "MCV", "NEUT%", "LYMPH%"];
    private static readonly string[] Values = ["7.42", "4.51", "13.5", "41.1", "212", "88.0", "61.2", "28.9"];
    private static readonly string[] Units = ["10^3/uL", "10^6/uL", "g/dL", "%", "10^3/uL", "fL", "%", "%"];
    private readonly byte[] pending = new byte[256];
    private int pendingLength;
    private int pendingPosition;
    private int row = -1;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => 0; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length)
        {
            if (pendingPosition == pendingLength && !Next())
            {
                break;
            }

            var count = Math.Min(buffer.Length - written, pendingLength - pendingPosition);
            pending.AsSpan(pendingPosition, count).CopyTo(buffer[written..]);
            pendingPosition += count;
            written += count;
        }

        return written;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private bool Next()
    {
        row++;
        if (row > rows)
        {
            return false;
        }

        var text = row == 0
            ? "Patient_ID,Specimen_ID,Test_Code,Result_Value,Units,Flag,Timestamp\n"
            : string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"MRN{(row - 1) / 8},S{(row - 1) / 8},{Codes[(row - 1) % 8]},{Values[(row - 1) % 8]},{Units[(row - 1) % 8]},,2025-03-14T10:{(row / 8) % 60:00}:00\n");
        pendingLength = System.Text.Encoding.ASCII.GetBytes(text, pending);
        pendingPosition = 0;
        return true;
    }
}

/// <summary>Tests that measure the process's memory run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurement
{
    public const string Name = "Memory measurement";
}
