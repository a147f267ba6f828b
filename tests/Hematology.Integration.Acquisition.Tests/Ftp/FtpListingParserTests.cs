namespace Hematology.Integration.Acquisition.Tests.Ftp;

public sealed class FtpListingParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("-rw-r--r--   1 ftpuser  ftpuser    100000 Nov 22 02:07 big.bin")] // pyftpdlib
    [InlineData("-rw-r--r--    1 1001     1001       100000 Nov 22 02:07 big.bin")] // vsftpd
    [InlineData("-rw-r--r--   1 ftpuser  1001       100000 Nov 22 02:07 big.bin")] // proftpd
    [InlineData("-rw-r--r--    1 1001       ftpuser        100000 Nov 22 02:07 big.bin")] // pure-ftpd
    [InlineData("-rw-r--r-- 1 1001 1001       100000 Nov 22 02:07 big.bin")] // ftp-srv
    [InlineData("-rw-r--r-- 1 owner 100000 Nov 22 02:07 big.bin")] // no group column
    [InlineData("-rw-r--r-- owner group 100000 Nov 22 02:07 big.bin")] // no link count
    public void ParseList_UnixVariants_ReadNameSizeAndTime(string line)
    {
        var listing = FtpListingParser.ParseList(line + "\r\n", Now);

        Assert.Empty(listing.UnparsedLines);
        var entry = Assert.Single(listing.Entries);
        Assert.Equal(new FtpListEntry("big.bin", FtpListEntryKind.File, 100000, new DateTimeOffset(2026, 11, 22, 2, 7, 0, TimeSpan.Zero)), entry);
    }

    [Fact]
    public void ParseList_UnixNamesWithSpacesYearsDirectoriesAndLinks_AreRead()
    {
        const string text = "total 12\r\n"
            + "drwxr-xr-x    2 1001     1001         4096 Jan 03  2025 old results\r\n"
            + "-rw-r--r--    1 1001     1001           42 Dec 30 23:59 run 1.csv\r\n"
            + "lrwxrwxrwx    1 0        0               7 Nov 22 02:07 last -> run.csv\r\n"
            + "drwxr-xr-x    2 1001     1001         4096 Nov 22 02:07 .\r\n";

        var listing = FtpListingParser.ParseList(text, Now);

        Assert.Empty(listing.UnparsedLines);
        Assert.Equal(3, listing.Entries.Count);
        Assert.Equal(new FtpListEntry("old results", FtpListEntryKind.Directory, 4096, new DateTimeOffset(2025, 1, 3, 0, 0, 0, TimeSpan.Zero)), listing.Entries[0]);
        Assert.Equal(new DateTimeOffset(2025, 12, 30, 23, 59, 0, TimeSpan.Zero), listing.Entries[1].Modified); // "Dec 30" ahead of today: last year
        Assert.Equal("run 1.csv", listing.Entries[1].Name);
        Assert.Equal(new FtpListEntry("last", FtpListEntryKind.Other, 7, new DateTimeOffset(2026, 11, 22, 2, 7, 0, TimeSpan.Zero)), listing.Entries[2]);
    }

    [Theory]
    [InlineData("11-22-26  02:07AM               100000 big.bin", 2026, 2, 100000L, "big.bin")]
    [InlineData("11-22-26  02:07PM               100000 big file.bin", 2026, 14, 100000L, "big file.bin")]
    [InlineData("11-22-2026  12:07AM                   12 résultat_µl.csv", 2026, 0, 12L, "résultat_µl.csv")]
    [InlineData("11-22-99  14:07                    5 a.csv", 1999, 14, 5L, "a.csv")]
    public void ParseList_DosLines_ReadFiles(string line, int year, int hour, long size, string name)
    {
        var listing = FtpListingParser.ParseList(line, Now);

        Assert.Empty(listing.UnparsedLines);
        var entry = Assert.Single(listing.Entries);
        Assert.Equal(new FtpListEntry(name, FtpListEntryKind.File, size, new DateTimeOffset(year, 11, 22, hour, 7, 0, TimeSpan.Zero)), entry);
    }

    [Fact]
    public void ParseList_DosDirectory_IsADirectory()
    {
        var entry = Assert.Single(FtpListingParser.ParseList("11-22-26  02:07AM       <DIR>          results", Now).Entries);

        Assert.Equal(FtpListEntryKind.Directory, entry.Kind);
        Assert.Equal("results", entry.Name);
        Assert.Null(entry.Size);
    }

    [Fact]
    public void ParseList_UnparseableLines_AreReportedNotDropped()
    {
        const string text = "-rw-r--r-- 1 a b 5 Nov 22 02:07 good.csv\r\nthis is not a listing line\r\n-rw-r--r-- 1 a b 5 Foo 22 02:07 bad-month.csv\r\n";

        var listing = FtpListingParser.ParseList(text, Now);

        Assert.Single(listing.Entries);
        Assert.Equal(["this is not a listing line", "-rw-r--r-- 1 a b 5 Foo 22 02:07 bad-month.csv"], listing.UnparsedLines);
    }

    [Fact]
    public void ParseMlsd_FactsAndNames_ReadExactUtcAndSkipCurrentAndParent()
    {
        const string text = "type=cdir;modify=20261122020723; .\r\n"
            + "type=pdir;modify=20261122020723; ..\r\n"
            + "type=file;size=2048;modify=20261122020723.233;perm=r; run 1.csv\r\n"
            + "Type=dir;Modify=20261122020723; processing\r\n"
            + "garbage\r\n";

        var listing = FtpListingParser.ParseMlsd(text);

        Assert.True(listing.ExactTimes);
        Assert.Equal(["garbage"], listing.UnparsedLines);
        Assert.Equal(2, listing.Entries.Count);
        Assert.Equal(new FtpListEntry("run 1.csv", FtpListEntryKind.File, 2048, new DateTimeOffset(2026, 11, 22, 2, 7, 23, 233, TimeSpan.Zero)), listing.Entries[0]);
        Assert.Equal(FtpListEntryKind.Directory, listing.Entries[1].Kind);
    }

    [Theory]
    [InlineData("20261122020723", true)]
    [InlineData("20261122020723.5", true)]
    [InlineData("2026112202072", false)]
    [InlineData("not a time", false)]
    public void ParseMachineTime_Values_ParseOnlyValidOnes(string value, bool valid)
    {
        Assert.Equal(valid, FtpListingParser.ParseMachineTime(value) is not null);
    }
}
