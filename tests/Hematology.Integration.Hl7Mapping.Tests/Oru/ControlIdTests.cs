namespace Hematology.Integration.Hl7Mapping.Tests.Oru;

public sealed class ControlIdTests
{
    [Fact]
    public void FromContent_SameInput_SameIdOf20Characters()
    {
        var sha = Sha256Digest.Compute("file content"u8);

        var first = ControlId.FromContent(sha, 7);
        var second = ControlId.FromContent(sha, 7);

        Assert.Equal(first, second);
        Assert.Equal(20, first.Length);
        Assert.StartsWith(sha.Hex[..14], first, StringComparison.Ordinal);
        Assert.EndsWith("000007", first, StringComparison.Ordinal);
        Assert.True(ControlId.IsValid(first));
    }

    [Fact]
    public void FromContent_OtherIndexOrFile_OtherId()
    {
        var a = Sha256Digest.Compute("a"u8);
        var b = Sha256Digest.Compute("b"u8);

        Assert.NotEqual(ControlId.FromContent(a, 0), ControlId.FromContent(a, 1));
        Assert.NotEqual(ControlId.FromContent(a, 0), ControlId.FromContent(b, 0));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1_000_000)]
    public void FromContent_IndexOutOfRange_Throws(int index)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ControlId.FromContent(Sha256Digest.Compute("a"u8), index));
    }

    [Fact]
    public void FromContent_DefaultDigest_Throws()
    {
        Assert.Throws<ArgumentException>(() => ControlId.FromContent(default, 0));
    }

    [Theory]
    [InlineData("ABC123", true)]
    [InlineData("12345678901234567890", true)]
    [InlineData("123456789012345678901", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("A^B", false)]
    [InlineData("A B", false)]
    [InlineData("Ä1", false)]
    public void IsValid_Text_AcceptsPrintableAsciiUpTo20(string? id, bool valid)
    {
        Assert.Equal(valid, ControlId.IsValid(id));
    }
}
