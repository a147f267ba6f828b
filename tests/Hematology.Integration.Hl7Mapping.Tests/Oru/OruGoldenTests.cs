using System.Text;
using Hematology.Integration.Testing;

namespace Hematology.Integration.Hl7Mapping.Tests.Oru;

public sealed class OruGoldenTests
{
    internal static string CbcWithDifferential() => Encoding.UTF8.GetString(
        Samples.Builder().Build(Samples.CbcWithDifferential(), Samples.FileSha, 0));

    internal static string CbcOnly() => Encoding.UTF8.GetString(
        Samples.Builder().Build(Samples.CbcOnly(), Samples.FileSha, 1));

    internal static string Hostile() => Encoding.UTF8.GetString(
        Samples.Builder(OruEscapingTests.HostileOptions()).Build(OruEscapingTests.HostileReport(), Samples.FileSha, 2));

    [Fact]
    public void Build_CbcWithDifferential_MatchesGoldenFile() => Approval.Verify(CbcWithDifferential(), "Oru_CbcWithDifferential");

    [Fact]
    public void Build_CbcOnlyWithCorrection_MatchesGoldenFile() => Approval.Verify(CbcOnly(), "Oru_CbcOnly");

    [Fact]
    public void Build_HostileValues_MatchesGoldenFile() => Approval.Verify(Hostile(), "Oru_Hostile");

    [Fact]
    public void Build_SameInputTwice_IsByteIdentical()
    {
        Assert.Equal(CbcWithDifferential(), CbcWithDifferential());
    }
}
