using System.Text;

namespace Hematology.Integration.Mllp.Tests.Support;

/// <summary>HL7 messages for the tests: a realistic ORU^R01 with a chosen number of OBX segments.</summary>
internal static class TestMessages
{
    public static string Oru(string controlId, int obx = 25, string charset = "UNICODE UTF-8", string patientName = "Doe^Jane")
    {
        var sb = new StringBuilder();
        sb.Append("MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|").Append(controlId).Append("|P|2.5.1|||AL|NE||").Append(charset).Append('\r');
        sb.Append("PID|1||PAT0001^^^HOSP^MR||").Append(patientName).Append("||19800101|F\r");
        sb.Append("OBR|1||SPEC0001|57021-8^CBC W Auto Differential panel - Blood^LN|||20260115075500\r");
        for (var i = 1; i <= obx; i++)
        {
            sb.Append("OBX|").Append(i).Append("|NM|6690-2^Leukocytes [#/volume] in Blood by Automated count^LN||")
                .Append(5 + (i % 5)).Append('.').Append(i % 10).Append("|10*3/uL|4.0-10.0|N|||F\r");
        }

        return sb.ToString();
    }

    public static byte[] OruBytes(string controlId, int obx = 25) => Encoding.UTF8.GetBytes(Oru(controlId, obx));

    public static byte[] Frame(string text) => Frame(Encoding.UTF8.GetBytes(text));

    public static byte[] Frame(byte[] payload)
    {
        var frame = new byte[payload.Length + 3];
        frame[0] = 0x0B;
        payload.CopyTo(frame, 1);
        frame[^2] = 0x1C;
        frame[^1] = 0x0D;
        return frame;
    }

    public static string Ack(string code, string acknowledgedControlId, string ackControlId = "ACK1")
        => $"MSH|^~\\&|LIS|HOSP|HEMA|LAB|20260115080001||ACK^R01^ACK|{ackControlId}|P|2.5.1\rMSA|{code}|{acknowledgedControlId}\r";
}
