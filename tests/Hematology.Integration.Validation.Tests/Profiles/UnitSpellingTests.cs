using Hematology.Integration.Validation.Profiles;

namespace Hematology.Integration.Validation.Tests.Profiles;

public sealed class UnitSpellingTests
{
    [Theory]
    [InlineData("10^3/uL", "10^3/ul")]
    [InlineData("x10³/µL", "10^3/ul")]
    [InlineData("×10³/μL", "10^3/ul")]
    [InlineData("10*3/uL", "10^3/ul")]
    [InlineData("10e3/uL", "10^3/ul")]
    [InlineData(" 10^9 / L ", "10^9/l")]
    [InlineData("10⁹/L", "10^9/l")]
    [InlineData("10¹²/L", "10^12/l")]
    [InlineData("10⁻¹fL", "10^-1fl")]
    [InlineData("µm³", "um^3")]
    [InlineData("g/dL", "g/dl")]
    [InlineData("", "")]
    public void Normalize_Spelling_GivesTheCanonicalForm(string spelling, string expected)
    {
        Assert.Equal(expected, UnitSpelling.Normalize(spelling));
    }

    [Fact]
    public void Normalize_MicroSignAndGreekMu_AreEqual()
    {
        Assert.Equal(UnitSpelling.Normalize("K/\u00b5L"), UnitSpelling.Normalize("K/\u03bcL"));
    }
}
