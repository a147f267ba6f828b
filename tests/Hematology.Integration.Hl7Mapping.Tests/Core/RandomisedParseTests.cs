using System.Text;

namespace Hematology.Integration.Hl7Mapping.Tests.Core;

/// <summary>Arbitrary bytes and mutated messages give a message or a typed error, never another exception or a hang.</summary>
public sealed class RandomisedParseTests
{
    private const string Seed =
        "MSH|^~\\&|HEMA|LAB|LIS|HOSP|20250314101533-0500||ORU^R01^ORU_R01|CTRL001|P|2.5.1|||AL|NE||UNICODE UTF-8\r" +
        "PID|1||MRN001^^^GENHOSP&2.16.840.1&ISO^MR||DOE^JANE\r" +
        "OBR|1|ORD1|SMP1|57021-8^CBC^LN\r" +
        "OBX|1|NM|6690-2^WBC^LN||7.42|10*3/uL^^UCUM|4.50-11.00|N|||F\r" +
        "OBX|2|SN|777-3^PLT^LN||>^1000|10*3/uL^^UCUM||HH|||F\r" +
        "NTE|1|L|a\\.br\\b \\F\\ \\X0B\\ \\E\r";

    private const string AckSeed = "MSH|^~\\&|LIS|H|A|F|2025||ACK^R01^ACK|9|P|2.5.1\rMSA|AE|C1|text\rERR||OBX^2^5^1|102^Data type error^HL70357|E|||diag\r";

    private static readonly byte[] Alphabet = Encoding.ASCII.GetBytes("|^~\\&\r\nMSHPIDOBXMSAERR0123456789.- \u000B\u001C");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Parse_ArbitraryBytes_GivesMessageOrTypedError(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 300)];
            if (random.Next(2) == 0)
            {
                random.NextBytes(bytes);
            }
            else
            {
                for (var j = 0; j < bytes.Length; j++)
                {
                    bytes[j] = Alphabet[random.Next(Alphabet.Length)];
                }
            }

            if (random.Next(3) == 0)
            {
                bytes = [.. "MSH|^~\\&|"u8.ToArray(), .. bytes];
            }

            Exercise(bytes);
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Parse_MutatedMessages_GiveMessageOrTypedError(int seed)
    {
        var random = new Random(seed);
        var sources = new[] { Encoding.UTF8.GetBytes(Seed), Encoding.UTF8.GetBytes(AckSeed) };
        var parsedAtLeastOnce = 0;
        for (var i = 0; i < 3000; i++)
        {
            var bytes = sources[random.Next(sources.Length)].ToList();
            var mutations = random.Next(1, 6);
            for (var m = 0; m < mutations && bytes.Count > 0; m++)
            {
                var at = random.Next(bytes.Count);
                switch (random.Next(4))
                {
                    case 0: bytes[at] = Alphabet[random.Next(Alphabet.Length)]; break;
                    case 1: bytes.RemoveAt(at); break;
                    case 2: bytes.Insert(at, (byte)random.Next(256)); break;
                    default: bytes.RemoveRange(at, Math.Min(random.Next(1, 20), bytes.Count - at)); break;
                }
            }

            if (Exercise([.. bytes]))
            {
                parsedAtLeastOnce++;
            }
        }

        Assert.InRange(parsedAtLeastOnce, 1, 3000);
    }

    private static bool Exercise(byte[] bytes)
    {
        var task = Task.Run(() =>
        {
            var parsed = false;
            try
            {
                var message = Hl7Message.Parse(bytes);
                parsed = true;
                foreach (var segment in message.Segments)
                {
                    for (var f = 1; f <= segment.FieldCount; f++)
                    {
                        var field = segment.GetField(f);
                        _ = field.Value;
                        _ = field.GetComponent(2).GetSubComponent(2).Value;
                        _ = field.GetRepetition(2).Value;
                    }
                }

                _ = message.ToUtf8();
                _ = message.ControlId;
            }
            catch (Hl7ParseException)
            {
            }

            try
            {
                _ = Hl7Ack.Parse(bytes);
            }
            catch (Hl7ParseException)
            {
            }

            try
            {
                _ = Hl7Header.Read(bytes);
            }
            catch (Hl7ParseException)
            {
            }

            return parsed;
        });

        Assert.True(task.Wait(TimeSpan.FromSeconds(5)), "parsing did not finish within 5 seconds");
        return task.Result;
    }
}
