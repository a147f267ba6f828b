using Microsoft.Extensions.Options;

namespace Hematology.Integration.Validation.Tests;

public sealed class ResultFileValidatorOptionsTests
{
    [Fact]
    public void Defaults_AreTheDocumentedValues()
    {
        var options = new ResultFileValidatorOptions();

        Assert.Equal(TimeSpan.FromMinutes(5), options.MaxDuration);
        Assert.Equal(1024 * 1024, options.MaxRecordBytes);
        Assert.Equal(4096, options.DuplicateWindow);
        Assert.Equal(64 * 1024, options.EncodingProbeBytes);
        Assert.Equal(128 * 1024, options.BufferSize);
        Assert.True(new ResultFileValidatorOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData(1, 1024, 1, 1024, 4096)]
    [InlineData(86_400, 64 * 1024 * 1024, 1_000_000, 16 * 1024 * 1024, 16 * 1024 * 1024)]
    public void Validate_BoundaryValues_Succeed(int seconds, int record, int window, int probe, int buffer)
    {
        var options = new ResultFileValidatorOptions
        {
            MaxDuration = TimeSpan.FromSeconds(seconds), MaxRecordBytes = record, DuplicateWindow = window, EncodingProbeBytes = probe, BufferSize = buffer,
        };

        Assert.True(new ResultFileValidatorOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData(0, 1024 * 1024, 4096, 65536, 65536, "MaxDuration")]
    [InlineData(300, 100, 4096, 65536, 65536, "MaxRecordBytes")]
    [InlineData(300, 1024 * 1024, 0, 65536, 65536, "DuplicateWindow")]
    [InlineData(300, 1024 * 1024, 4096, 10, 65536, "EncodingProbeBytes")]
    [InlineData(300, 1024 * 1024, 4096, 65536, 100, "BufferSize")]
    public void Validate_InvalidValue_NamesTheOption(int seconds, int record, int window, int probe, int buffer, string name)
    {
        var options = new ResultFileValidatorOptions
        {
            MaxDuration = TimeSpan.FromSeconds(seconds), MaxRecordBytes = record, DuplicateWindow = window, EncodingProbeBytes = probe, BufferSize = buffer,
        };

        var result = new ResultFileValidatorOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(name, Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EveryValueInvalid_ReportsEveryErrorAtOnce()
    {
        var options = new ResultFileValidatorOptions { MaxDuration = TimeSpan.Zero, MaxRecordBytes = 0, DuplicateWindow = 0, EncodingProbeBytes = 0, BufferSize = 0 };

        var result = new ResultFileValidatorOptionsValidator().Validate(null, options);

        Assert.Equal(5, result.Failures!.Count());
    }

    [Fact]
    public void Create_InvalidOptions_Throws()
    {
        Assert.Throws<OptionsValidationException>(() => ResultFileValidatorFactory.Create(new ResultFileValidatorOptions { DuplicateWindow = 0 }));
    }
}
