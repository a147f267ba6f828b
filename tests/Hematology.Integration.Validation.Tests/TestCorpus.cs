using System.Text;
using Hematology.Integration.Validation.Profiles;

namespace Hematology.Integration.Validation.Tests;

/// <summary>Opens the corpus files and runs validations for the tests.</summary>
internal static class TestCorpus
{
    public const string Zone = "Europe/Berlin";

    public static readonly AnalyzerId Analyzer = AnalyzerId.Create("xn-1000-lab1");

    public static AnalyzerProfile GenericLong { get; } = AnalyzerProfiles.GenericLong(Zone);

    public static AnalyzerProfile SysmexWide { get; } = AnalyzerProfiles.SysmexWide(Zone);

    public static AnalyzerProfile EuropeanLong { get; } = AnalyzerProfiles.EuropeanLong(Zone);

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Corpus", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    public static IResultFileValidator Validator(ResultFileValidatorOptions? options = null, TimeProvider? time = null) =>
        ResultFileValidatorFactory.Create(options, null, time);

    public static Task<ValidationOutcome> ValidateFileAsync(string name, AnalyzerProfile profile)
    {
        var stream = File.OpenRead(PathOf(name));
        return ValidateAndDisposeAsync(stream, profile);
    }

    public static Task<ValidationOutcome> ValidateTextAsync(string text, AnalyzerProfile profile) =>
        ValidateAndDisposeAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), profile);

    public static Task<ValidationOutcome> ValidateBytesAsync(byte[] bytes, AnalyzerProfile profile, bool seekable = true) =>
        ValidateAndDisposeAsync(seekable ? new MemoryStream(bytes) : new ForwardOnlyStream(bytes), profile);

    public static string[] Codes(this ValidationOutcome outcome) => outcome.AllIssues.Select(i => i.Code).ToArray();

    public static LabResult Result(this ValidationOutcome outcome, string code) => outcome.Results.Single(r => r.LocalCode == code);

    private static async Task<ValidationOutcome> ValidateAndDisposeAsync(Stream stream, AnalyzerProfile profile)
    {
        await using (stream)
        {
            return await Validator().ValidateAllAsync(stream, Analyzer, profile);
        }
    }
}

/// <summary>A stream that cannot seek, like a network download, returning at most <c>chunk</c> bytes per read.</summary>
internal sealed class ForwardOnlyStream(byte[] data, int chunk = 1000) : Stream
{
    private int position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => position; set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = Math.Min(Math.Min(buffer.Length, chunk), data.Length - position);
        data.AsSpan(position, count).CopyTo(buffer);
        position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
