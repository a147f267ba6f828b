namespace Hematology.Integration.Acquisition.Tests.Ftp;

public sealed class FtpReplyAssemblerTests
{
    [Fact]
    public void Add_SingleLine_ReturnsTheReply()
    {
        var reply = new FtpReplyAssembler().Add("226 Transfer complete.");

        Assert.NotNull(reply);
        Assert.Equal(226, reply.Value.Code);
        Assert.Equal("Transfer complete.", reply.Value.Message);
        Assert.True(reply.Value.IsSuccess);
    }

    [Fact]
    public void Add_MultiLineWithIndentedAndDigitLines_EndsOnlyAtTheSameCodeAndSpace()
    {
        var assembler = new FtpReplyAssembler();
        string[] lines = ["220-Welcome", " 230 not the end (indented)", "220-still going", "221 other code", "220 ready"];

        var replies = lines.Select(assembler.Add).ToList();

        Assert.All(replies.Take(4), r => Assert.Null(r));
        var last = replies[4];
        Assert.NotNull(last);
        Assert.Equal(220, last.Value.Code);
        Assert.Equal(5, last.Value.Lines.Count);
    }

    [Fact]
    public void Add_FeatReply_KeepsEveryFeatureLine()
    {
        var assembler = new FtpReplyAssembler();
        assembler.Add("211-Features:");
        assembler.Add(" MLST type*;size*;modify*;");
        assembler.Add(" UTF8");

        var reply = assembler.Add("211 End");

        Assert.NotNull(reply);
        Assert.Equal([" MLST type*;size*;modify*;", " UTF8"], reply.Value.Lines.Skip(1).Take(2));
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("2x0 nope")]
    [InlineData("22")]
    [InlineData("2200 four digits")]
    public void Add_NotAReply_ThrowsProtocolError(string line)
    {
        var ex = Assert.Throws<FtpException>(() => new FtpReplyAssembler().Add(line));

        Assert.Equal(FtpErrorKind.Protocol, ex.Kind);
    }

    [Fact]
    public void Add_AfterAMultiLineReply_StartsAFreshReply()
    {
        var assembler = new FtpReplyAssembler();
        assembler.Add("150-Opening");
        assembler.Add("150 data");

        var next = assembler.Add("226 Done");

        Assert.Equal(226, next?.Code);
        Assert.Single(next!.Value.Lines);
    }
}
