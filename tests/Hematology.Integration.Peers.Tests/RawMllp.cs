using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Hematology.Integration.Peers.Tests;

/// <summary>
/// A deliberately naive MLLP exchange over a raw socket, independent of the suite's own Mllp package, so the peer
/// fixtures are proven on their own.
/// </summary>
internal static class RawMllp
{
    public static string Message(string controlId) =>
        "MSH|^~\\&|HEMATOLOGY|LAB|LIS|HOSP|20260115080000+0000||ORU^R01^ORU_R01|" + controlId + "|P|2.5.1\r" +
        "PID|1||MRN0001^^^HOSP^MR||DOE^JANE\r" +
        "OBR|1||SMP0001|58410-2^CBC panel - Blood by Automated count^LN\r" +
        "OBX|1|NM|718-7^Hemoglobin [Mass/volume] in Blood^LN||13.5|g/dL^^UCUM|12.0-16.0||||F\r";

    public static async Task<string?> ExchangeAsync(int port, string message, TimeSpan timeout)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        var body = Encoding.UTF8.GetBytes(message);
        var frame = new byte[body.Length + 3];
        frame[0] = 0x0B;
        body.CopyTo(frame, 1);
        frame[^2] = 0x1C;
        frame[^1] = 0x0D;
        await stream.WriteAsync(frame);

        using var cts = new CancellationTokenSource(timeout);
        var received = new List<byte>();
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var n = await stream.ReadAsync(buffer, cts.Token);
                if (n == 0)
                {
                    return null;
                }

                received.AddRange(buffer.AsSpan(0, n).ToArray());
                var end = received.IndexOf(0x1C);
                if (received.Count > 0 && received[0] == 0x0B && end > 0)
                {
                    return Encoding.UTF8.GetString(received.ToArray(), 1, end - 1);
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public static string Field(string message, string segment, int field)
    {
        var line = message.Split('\r', StringSplitOptions.RemoveEmptyEntries).First(s => s.StartsWith(segment + "|", StringComparison.Ordinal));
        var fields = line.Split('|');
        // MSH-1 is the field separator itself, so MSH field n sits at index n-1.
        var index = segment == "MSH" ? field - 1 : field;
        return index < fields.Length ? fields[index] : string.Empty;
    }
}
