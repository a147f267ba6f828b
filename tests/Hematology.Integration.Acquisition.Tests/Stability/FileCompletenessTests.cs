using System.Text;

namespace Hematology.Integration.Acquisition.Tests.Stability;

public sealed class FileCompletenessTests
{
    [Theory]
    [InlineData("a,b\n1,2\n", true)]
    [InlineData("a,b\r\n1,2\r\n", true)]
    [InlineData("a,b\n1,2", false)]
    [InlineData("", false)]
    public async Task FinalNewline_Content_AcceptsOnlyATerminatedLastLine(string content, bool expected)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));

        Assert.Equal(expected, await FileCompleteness.FinalNewline.IsCompleteAsync(stream));
    }

    [Theory]
    [InlineData("a,b\n1,2\nEND\n", true)]
    [InlineData("a,b\n1,2\nEND", true)]
    [InlineData("a,b\n1,2\nEND;count=2\r\n\r\n", true)]
    [InlineData("a,b\n1,2\n", false)]
    [InlineData("END\na,b\n", false)]
    public async Task Trailer_Content_AcceptsOnlyALastLineStartingWithIt(string content, bool expected)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));

        Assert.Equal(expected, await FileCompleteness.Trailer("END").IsCompleteAsync(stream));
    }
}
