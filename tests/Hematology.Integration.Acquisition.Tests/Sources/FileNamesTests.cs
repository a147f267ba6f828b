namespace Hematology.Integration.Acquisition.Tests.Sources;

public sealed class FileNamesTests
{
    [Theory]
    [InlineData("../../x.csv", "x.csv")]
    [InlineData("/etc/passwd", "passwd")]
    [InlineData("..\\..\\windows\\x.csv", "x.csv")]
    [InlineData("C:\\results\\run.csv", "run.csv")]
    [InlineData("..", "file")]
    [InlineData(".", "file")]
    [InlineData("", "file")]
    [InlineData("a\u0000b\r\n.csv", "a_b__.csv")]
    [InlineData("run:1?.csv", "run_1_.csv")]
    [InlineData(".hidden.csv", "hidden.csv")]
    [InlineData("résultat_µl.csv", "résultat_µl.csv")]
    public void Sanitise_RemoteNames_GiveASafeLastPathPart(string remote, string expected)
    {
        var safe = FileNames.Sanitise(remote);

        Assert.Equal(expected, safe);
        var spool = Path.GetFullPath("/tmp/spool/acquired");
        Assert.StartsWith(spool + Path.DirectorySeparatorChar, Path.GetFullPath(Path.Combine(spool, safe)), StringComparison.Ordinal);
    }

    [Fact]
    public void Sanitise_VeryLongName_KeepsTheExtension()
    {
        var safe = FileNames.Sanitise(new string('a', 300) + ".csv");

        Assert.Equal(120, safe.Length);
        Assert.EndsWith(".csv", safe, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run1.csv", "*.csv", true)]
    [InlineData("RUN1.CSV", "*.csv", true)]
    [InlineData("run1.txt", "*.csv", false)]
    [InlineData("run1.txt", "*", true)]
    [InlineData("r1.csv", "r?.csv", true)]
    public void Matches_Patterns_AreCaseInsensitiveGlobs(string name, string pattern, bool expected) =>
        Assert.Equal(expected, FileNames.Matches(name, pattern));

    [Theory]
    [InlineData("b.csv", 0, "b.csv")]
    [InlineData("b.csv", 2, "b~2.csv")]
    [InlineData("noext", 1, "noext~1")]
    public void WithSuffix_Attempts_AddANumber(string name, int attempt, string expected) => Assert.Equal(expected, FileNames.WithSuffix(name, attempt));
}
