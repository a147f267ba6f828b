using System.Buffers;
using System.Text;

namespace Hematology.Integration.Hl7Mapping.Tests.Core;

public sealed class Hl7EscapingTests
{
    [Theory]
    [InlineData("a|b", "a\\F\\b")]
    [InlineData("a^b", "a\\S\\b")]
    [InlineData("a&b", "a\\T\\b")]
    [InlineData("a~b", "a\\R\\b")]
    [InlineData("C:\\path", "C:\\E\\path")]
    [InlineData("line1\r\nline2", "line1\\.br\\line2")]
    [InlineData("line1\rline2\nline3", "line1\\.br\\line2\\.br\\line3")]
    [InlineData("a\u000Bb\u001Cc", "a\\X0B\\b\\X1C\\c")]
    [InlineData("plain µL ³", "plain µL ³")]
    [InlineData("", "")]
    public void Escape_SpecialCharacters_UsesEscapeSequences(string data, string escaped)
    {
        Assert.Equal(escaped, Hl7Escaping.Escape(data));
    }

    [Theory]
    [InlineData("a\\F\\b", "a|b")]
    [InlineData("\\S\\\\T\\\\R\\\\E\\", "^&~\\")]
    [InlineData("x\\.br\\y", "x\ny")]
    [InlineData("x\\X0D0A\\y", "x\\X0D0A\\y")]
    [InlineData("\\H\\bold\\N\\", "\\H\\bold\\N\\")]
    [InlineData("unterminated \\F", "unterminated \\F")]
    [InlineData("no escapes", "no escapes")]
    public void Unescape_Sequences_DelimitersAndLineBreaksDecodedOthersPassedThrough(string escaped, string data)
    {
        Assert.Equal(data, Hl7Escaping.Unescape(escaped));
    }

    [Fact]
    public void EscapeThenUnescape_EveryDelimiter_RoundTrips()
    {
        const string data = "|^~\\&|| weird ^^ \\E\\ text & more ~";

        Assert.Equal(data, Hl7Escaping.Unescape(Hl7Escaping.Escape(data)));
    }

    [Fact]
    public void Escape_CustomDelimiters_EscapesThoseCharacters()
    {
        var d = new Hl7Delimiters('#', '!', '*', '$', '%');

        Assert.Equal("a$F$b$S$c$E$d$T$e$R$f|^", Hl7Escaping.Escape("a#b!c$d%e*f|^", d));
        Assert.Equal("a#b!c$d%e*f", Hl7Escaping.Unescape("a$F$b$S$c$E$d$T$e$R$f", d));
    }

    [Fact]
    public void Writer_WritesEscapedValues_ThatParseBackUnchanged()
    {
        const string nasty = "A|B^C~D\\E&F\rMSH|^~\\&|INJECT\nOBX|1";
        var buffer = new ArrayBufferWriter<byte>();
        var w = new Hl7Writer(buffer);
        w.StartSegment("MSH");
        w.Field(10);
        w.Write(nasty);
        w.StartSegment("PID");
        w.Field(3);
        w.Write(nasty);
        w.Component(4);
        w.Write(nasty);
        w.SubComponent(2);
        w.Write(nasty);
        w.Field(5);
        w.Write("x");
        w.Repetition();
        w.Write(nasty);
        w.EndSegment();

        var message = Hl7Message.Parse(buffer.WrittenSpan);

        var expected = nasty.Replace("\r", "\n", StringComparison.Ordinal);
        Assert.Equal(2, message.SegmentCount);
        Assert.Equal(expected, message.ControlId);
        Assert.Equal(expected, message.GetValue("PID-3.1"));
        Assert.Equal(expected, message.GetValue("PID-3.4.1"));
        Assert.Equal(expected, message.GetValue("PID-3.4.2"));
        Assert.Equal(expected, message.GetValue("PID-5(2)"));
        Assert.Equal("x", message.GetValue("PID-5(1)"));
    }

    [Fact]
    public void Writer_NumbersAndTimestamps_AreWrittenInHl7Form()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var w = new Hl7Writer(buffer);
        w.StartSegment("OBX");
        w.Field(5);
        w.Write(4.50m);
        w.Field(14);
        w.WriteTimestamp(new DateTimeOffset(2025, 3, 14, 8, 30, 5, TimeSpan.FromHours(-5)));
        w.Field(19);
        w.WriteTimestamp(new DateTimeOffset(2025, 3, 14, 8, 30, 5, TimeSpan.FromMinutes(330)));
        w.Field(20);
        w.WriteDate(new DateOnly(1970, 1, 2));
        w.EndSegment();

        Assert.Equal("OBX|||||4.50|||||||||20250314083005-0500|||||20250314083005+0530|19700102\r", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Writer_OutOfOrderField_Throws()
    {
        var buffer = new ArrayBufferWriter<byte>();

        Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            var w = new Hl7Writer(buffer);
            w.StartSegment("PID");
            w.Field(3);
            w.Field(2);
        });
        Assert.Throws<ArgumentException>(() =>
        {
            var w = new Hl7Writer(buffer);
            w.StartSegment("pid");
        });
        Assert.Throws<ArgumentException>(() =>
        {
            var w = new Hl7Writer(buffer);
            w.StartSegment("PID");
            w.Field(1);
            w.WriteRaw("a\rb");
        });
    }

    [Fact]
    public void Delimiters_Validity_RejectsDuplicatesAndLetters()
    {
        Assert.True(Hl7Delimiters.Standard.IsValid);
        Assert.Equal("|^~\\&", Hl7Delimiters.Standard.ToString());
        Assert.False(new Hl7Delimiters('|', '^', '^', '\\', '&').IsValid);
        Assert.False(new Hl7Delimiters('|', 'A', '~', '\\', '&').IsValid);
        Assert.False(new Hl7Delimiters('|', ' ', '~', '\\', '&').IsValid);
        Assert.False(default(Hl7Delimiters).IsValid);
    }
}
