using Microsoft.Extensions.Options;

namespace Hematology.Integration.Audit.Tests.Options;

public sealed class AuditOptionsTests
{
    [Fact]
    public void JsonLinesAuditOptions_Defaults_AreTheDocumentedValues()
    {
        var options = new JsonLinesAuditOptions();

        Assert.Equal("audit", options.Directory);
        Assert.Equal("audit", options.FilePrefix);
        Assert.Equal(1024, options.MaxBatchSize);
        Assert.True(options.FlushToDisk);
        Assert.Equal(512, options.MaxDetailValueLength);
        Assert.Contains("patientId", options.ForbiddenDetailKeys);
        Assert.True(new JsonLinesAuditOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void SqliteAuditOptions_Defaults_AreTheDocumentedValues()
    {
        var options = new SqliteAuditOptions();

        Assert.Equal("audit.db", options.DatabasePath);
        Assert.Equal(1024, options.MaxBatchSize);
        Assert.True(options.FlushToDisk);
        Assert.Equal(512, options.MaxDetailValueLength);
        Assert.Contains("dateOfBirth", options.ForbiddenDetailKeys);
        Assert.True(new SqliteAuditOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void AuditVerifierOptions_Defaults_AreTheDocumentedValues()
    {
        var options = new AuditVerifierOptions();

        Assert.Null(options.ArtifactRoot);
        Assert.True(options.VerifyArtifacts);
        Assert.Null(options.Anchor);
    }

    [Theory]
    [InlineData("trail", "audit", 1, 1, true)]
    [InlineData("trail", "site_a-audit", 65536, 4096, true)]
    [InlineData("", "audit", 1024, 512, false)]
    [InlineData("trail", "", 1024, 512, false)]
    [InlineData("trail", "a/b", 1024, 512, false)]
    [InlineData("trail", "audit", 0, 512, false)]
    [InlineData("trail", "audit", 65537, 512, false)]
    [InlineData("trail", "audit", 1024, 0, false)]
    [InlineData("trail", "audit", 1024, 4097, false)]
    public void JsonLinesAuditOptionsValidator_Values_AreJudged(string directory, string prefix, int batch, int detail, bool valid)
    {
        var options = new JsonLinesAuditOptions { Directory = directory, FilePrefix = prefix, MaxBatchSize = batch, MaxDetailValueLength = detail };

        Assert.Equal(valid, new JsonLinesAuditOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("audit.db", 1, 1, true)]
    [InlineData(" ", 1024, 512, false)]
    [InlineData("audit.db", 0, 512, false)]
    [InlineData("audit.db", 1024, 0, false)]
    public void SqliteAuditOptionsValidator_Values_AreJudged(string path, int batch, int detail, bool valid)
    {
        var options = new SqliteAuditOptions { DatabasePath = path, MaxBatchSize = batch, MaxDetailValueLength = detail };

        Assert.Equal(valid, new SqliteAuditOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void JsonLinesAuditOptionsValidator_SeveralProblems_ReportsEveryOne()
    {
        var options = new JsonLinesAuditOptions { Directory = "", FilePrefix = "", MaxBatchSize = 0, MaxDetailValueLength = 0 };
        options.ForbiddenDetailKeys.Add(" ");

        var result = new JsonLinesAuditOptionsValidator().Validate(null, options);

        Assert.Equal(5, result.Failures!.Count());
    }

    [Fact]
    public async Task OpenJsonLinesAsync_InvalidOptions_ThrowsOptionsValidationException()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () => await AuditTrail.OpenJsonLinesAsync(new JsonLinesAuditOptions { MaxBatchSize = 0 }));

        Assert.Contains("MaxBatchSize", error.Message, StringComparison.Ordinal);
    }
}
