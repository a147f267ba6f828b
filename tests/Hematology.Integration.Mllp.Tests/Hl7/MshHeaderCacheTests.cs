using System.Text;
using Hematology.Integration.Hl7Mapping;
using Hematology.Integration.Mllp.Hl7;
using Hematology.Integration.Mllp.Tests.Support;

namespace Hematology.Integration.Mllp.Tests.Hl7;

/// <summary>The receiver's per-connection MSH cache always gives the header a fresh read gives.</summary>
public sealed class MshHeaderCacheTests
{
    [Fact]
    public void TryRead_OneSendersMessages_ReusesTheHeaderAndEqualsAFreshRead()
    {
        var cache = new MshHeaderCache();
        for (var i = 0; i < 5; i++)
        {
            var bytes = TestMessages.OruBytes("CTRL" + new string('9', i), obx: 1);
            var text = Encoding.UTF8.GetString(bytes).Replace("20260115080000", "2026011508000" + i, StringComparison.Ordinal);
            AssertSameAsFreshRead(cache, Encoding.UTF8.GetBytes(text));
        }

        Assert.Equal(4, cache.Reused);
    }

    public static TheoryData<string, string> ChangedHeaders => new()
    {
        { "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|A1|P|2.5.1", "MSH|^~\\&|HEMB|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|A2|P|2.5.1" },
        { "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|A1|P|2.5.1", "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R02^ORU_R01|A2|P|2.5.1" },
        { "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|A1|P|2.5.1", "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|A2|P|2.5.1|||AL|NE||UNICODE UTF-8" },
        { "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|A1|P|2.5.1", "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|A2|P|2.3" },
        { "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|A1|P|2.5.1", "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|A2|T|2.5.1" },
        { "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|A1|P|2.5.1", "MSH#^~\\&#HEMA#LAB#LIS#HOSP#20260115080000##ORU^R01^ORU_R01#A2#P#2.5.1" },
        { "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|A1|P|2.5.1", "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|A\\F\\2|P|2.5.1" },
        { "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|A1|P|2.5.1", "MSH|^~\\&|HEMA|Zürich|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|A2|P|2.5.1" },
        { "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|A1|P|2.5.1", "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|A2" },
        { "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|A1|P|2.5.1", "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01" },
        { "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|A1|P|2.5.1", "MSH|^~\\&|HEMA|LAB|LIS|HOSP|2026||ORU^R01^ORU_R01|A1|P|2.5.1" },
        { "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|A1|P|2.5.1", "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01||P|2.5.1" },
        { "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|A1|P|2.5.1", " MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|A2|P|2.5.1" },
        { "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|A1|P|2.5.1", "MSH|^~|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|A2|P|2.5.1" },
        { "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|A1|P|2.5.1", "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|A2|P|2.5.1|extra" },
        { "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|A1", "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|A2|P" },
        { "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01", "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|A2" },
    };

    [Theory]
    [MemberData(nameof(ChangedHeaders))]
    public void TryRead_HeaderChangesBetweenMessages_EqualsAFreshReadEveryTime(string first, string second)
    {
        var cache = new MshHeaderCache();

        AssertSameAsFreshRead(cache, Encoding.UTF8.GetBytes(first + "\rPID|1\r"));
        AssertSameAsFreshRead(cache, Encoding.UTF8.GetBytes(second + "\rPID|1\r"));
        AssertSameAsFreshRead(cache, Encoding.UTF8.GetBytes(first + "\nPID|1\r"));
        AssertSameAsFreshRead(cache, Encoding.UTF8.GetBytes(second));
    }

    [Fact]
    public void TryRead_RandomlyChangedHeaders_EqualsAFreshReadEveryTime()
    {
        var cache = new MshHeaderCache();
        var baseline = Encoding.UTF8.GetBytes(TestMessages.Oru("RND00001", obx: 1));
        byte[] noise = [(byte)'|', (byte)'^', (byte)'\\', (byte)'&', (byte)'~', (byte)'A', (byte)'7', (byte)'\r', (byte)' ', 0xC3, 0xBC];
        var random = new Random(2575);
        for (var round = 0; round < 5_000; round++)
        {
            var bytes = (byte[])baseline.Clone();
            var changes = random.Next(0, 3);
            for (var c = 0; c < changes; c++)
            {
                bytes[random.Next(0, 120)] = noise[random.Next(noise.Length)];
            }

            AssertSameAsFreshRead(cache, bytes);
        }

        Assert.InRange(cache.Reused, 500, 5_000);
    }

    private static void AssertSameAsFreshRead(MshHeaderCache cache, byte[] payload)
    {
        var expectedOk = Hl7Header.TryRead(payload, out var expected, out var expectedError);
        var ok = cache.TryRead(payload, out var actual, out var error);

        Assert.Equal(expectedOk, ok);
        Assert.Equal(expected, actual);
        Assert.Equal(expectedError?.Message, error?.Message);
    }
}
