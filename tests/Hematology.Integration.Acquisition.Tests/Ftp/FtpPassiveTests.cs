using System.Net;

namespace Hematology.Integration.Acquisition.Tests.Ftp;

public sealed class FtpPassiveTests
{
    [Theory]
    [InlineData("Entering Extended Passive Mode (|||40123|)", 40123)]
    [InlineData("EPSV ok (!!!2100!)", 2100)]
    public void TryParseEpsv_ValidReplies_ReturnThePort(string message, int port)
    {
        Assert.True(FtpPassive.TryParseEpsv(message, out var parsed));
        Assert.Equal(port, parsed);
    }

    [Theory]
    [InlineData("Entering Extended Passive Mode")]
    [InlineData("(|||abc|)")]
    [InlineData("(|||70000|)")]
    public void TryParseEpsv_InvalidReplies_Fail(string message) => Assert.False(FtpPassive.TryParseEpsv(message, out _));

    [Theory]
    [InlineData("227 Entering Passive Mode (127,0,0,1,156,64).", "127.0.0.1", 40000)]
    [InlineData("227 Entering Passive Mode 10,0,0,5,4,1", "10.0.0.5", 1025)]
    [InlineData("227 =192,168,1,20,117,48", "192.168.1.20", 30000)]
    public void TryParsePasv_ValidReplies_ReturnAddressAndPort(string text, string address, int port)
    {
        Assert.True(FtpPassive.TryParsePasv(text, out var parsedAddress, out var parsedPort));
        Assert.Equal(IPAddress.Parse(address), parsedAddress);
        Assert.Equal(port, parsedPort);
    }

    [Theory]
    [InlineData("227 Entering Passive Mode")]
    [InlineData("227 Entering Passive Mode (127,0,0,1,156)")]
    [InlineData("227 (300,0,0,1,1,1)")]
    public void TryParsePasv_InvalidReplies_Fail(string text) => Assert.False(FtpPassive.TryParsePasv(text, out _, out _));

    [Theory]
    [InlineData("0.0.0.0", "203.0.113.7", "203.0.113.7")]   // zero address
    [InlineData("192.168.1.20", "203.0.113.7", "203.0.113.7")] // private behind NAT
    [InlineData("10.0.0.5", "10.0.0.5", "10.0.0.5")]         // same as control
    [InlineData("198.51.100.9", "203.0.113.7", "198.51.100.9")] // routable: trusted
    [InlineData("127.0.0.1", "10.1.2.3", "10.1.2.3")]          // loopback from a remote server
    public void ChooseAddress_Quirks_UseTheControlHostWhenReportedIsNotUsable(string reported, string control, string expected)
    {
        Assert.Equal(IPAddress.Parse(expected), FtpPassive.ChooseAddress(IPAddress.Parse(reported), IPAddress.Parse(control)));
    }
}
