using System.Globalization;
using System.Text;
using Hematology.Integration.Validation.Engine;

namespace Hematology.Integration.Validation.Tests.Engine;

public sealed class PlainDecimalTests
{
    private const NumberStyles Style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;

    [Theory]
    [InlineData("7.42", '.', "7.42")]
    [InlineData("88.0", '.', "88.0")]
    [InlineData("212", '.', "212")]
    [InlineData("007.420", '.', "7.420")]
    [InlineData("0,5", ',', "0.5")]
    [InlineData("999999999999999999", '.', "999999999999999999")]
    [InlineData("99999999999999999.9", '.', "99999999999999999.9")]
    public void TryParse_PlainShape_GivesTheFrameworksValueAndScale(string text, char separator, string expected)
    {
        Assert.True(PlainDecimal.TryParse(System.Text.Encoding.ASCII.GetBytes(text), (byte)separator, out var value));
        Assert.Equal(expected, value.ToString(CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("", '.')]
    [InlineData("-1", '.')]
    [InlineData("+1", '.')]
    [InlineData(".5", '.')]
    [InlineData("5.", '.')]
    [InlineData("1.2.3", '.')]
    [InlineData("1,5", '.')]
    [InlineData("1.5", ',')]
    [InlineData(" 1", '.')]
    [InlineData("1e3", '.')]
    [InlineData("1234567890123456789", '.')]
    [InlineData("1234567890.123456789", '.')]
    public void TryParse_OtherShapes_AreLeftToTheFramework(string text, char separator)
    {
        Assert.False(PlainDecimal.TryParse(System.Text.Encoding.ASCII.GetBytes(text), (byte)separator, out _));
    }

    [Theory]
    [InlineData(1, '.')]
    [InlineData(2, ',')]
    [InlineData(3, '.')]
    public void TryParse_RandomCells_AgreesWithTheFrameworkWheneverItAccepts(int seed, char separator)
    {
        var random = new Random(seed);
        var format = (NumberFormatInfo)NumberFormatInfo.InvariantInfo.Clone();
        format.NumberDecimalSeparator = separator.ToString();
        format.NumberGroupSeparator = separator == ',' ? "." : ",";
        const string alphabet = "0123456789012345678901234567890123456789.,-+ eE";
        var accepted = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(0, 22)];
            for (var k = 0; k < chars.Length; k++)
            {
                chars[k] = alphabet[random.Next(alphabet.Length)];
            }

            var bytes = System.Text.Encoding.ASCII.GetBytes(chars);
            if (PlainDecimal.TryParse(bytes, (byte)separator, out var fast))
            {
                accepted++;
                Assert.True(decimal.TryParse(bytes, Style, format, out var framework), new string(chars));
                Assert.Equal(decimal.GetBits(framework), decimal.GetBits(fast));
            }
        }

        Assert.InRange(accepted, 1000, 20_000);
    }
}
