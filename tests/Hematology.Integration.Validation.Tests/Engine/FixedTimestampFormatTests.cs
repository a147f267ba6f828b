using System.Globalization;
using Hematology.Integration.Validation.Engine;

namespace Hematology.Integration.Validation.Tests.Engine;

public sealed class FixedTimestampFormatTests
{
    private static readonly string[] Inputs =
    [
        "2025-03-14T10:05:12", "2025-03-14 10:05:12", "2025-03-14T10:05", "2025-02-29T10:00:00", "2024-02-29T10:00:00",
        "2025-13-01T00:00:00", "2025-00-10T00:00:00", "2025-04-31T00:00:00", "2025-03-14T24:00:00", "2025-03-14T23:60:00",
        "2025-03-14T23:59:60", "2025-3-14T10:05:12", " 2025-03-14T10:05:12", "2025-03-14T10:05:12 ", "2025-03-14t10:05:12",
        "２０２５-03-14T10:05:12", "0000-01-01T00:00:00", "9999-12-31T23:59:59", "14.03.2025 10:05:12", "31.02.2025 10:05:12",
        "14.03.2025 10:05", "14-03-2025 10:05", "2025/03/14 10:05:12", "", "2025-03-14T10:05:1x",
    ];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var format in new[] { "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "dd.MM.yyyy HH:mm:ss", "dd.MM.yyyy HH:mm", "dd.MM.yyyy" })
        {
            foreach (var input in Inputs)
            {
                data.Add(format, input);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TryParse_AcceptsOnlyWhatTryParseExactAcceptsWithTheSameValue(string format, string input)
    {
        foreach (var culture in new[] { CultureInfo.InvariantCulture, CultureInfo.GetCultureInfo("de-DE") })
        {
            var fast = FixedTimestampFormat.TryCreate(format, culture);
            Assert.NotNull(fast);
            var framework = DateTime.TryParseExact(input, format, culture, DateTimeStyles.None, out var expected);

            if (fast.TryParse(input, out var actual))
            {
                Assert.True(framework, $"'{input}' accepted by the fast path but not by TryParseExact with '{format}'");
                Assert.Equal(expected, actual);
            }
            else if (framework)
            {
                // Not an error (the caller falls back), but the fast path should handle every well-formed value of these formats.
                Assert.Fail($"'{input}' with '{format}' fell back although TryParseExact accepts it");
            }
        }
    }

    [Theory]
    [InlineData("yyyy/MM/dd HH:mm")]
    [InlineData("MM/dd/yyyy hh:mm tt")]
    [InlineData("yyyy-MM-dd'T'HH:mm:sszzz")]
    [InlineData("d.M.yyyy H:mm")]
    [InlineData("yy-MM-dd")]
    [InlineData("HH:mm:ss")]
    [InlineData("dd MMM yyyy")]
    public void TryCreate_FormatsWithOtherSpecifiers_AreLeftToTheFramework(string format)
    {
        Assert.Null(FixedTimestampFormat.TryCreate(format, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TryCreate_NonGregorianCulture_IsLeftToTheFramework()
    {
        Assert.Null(FixedTimestampFormat.TryCreate("yyyy-MM-dd HH:mm", CultureInfo.GetCultureInfo("th-TH")));
    }
}
