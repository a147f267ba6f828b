using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Hematology.Integration.Acquisition;

/// <summary>Parses EPSV and PASV replies and picks the address to connect to.</summary>
internal static class FtpPassive
{
    /// <summary>Parses "Entering Extended Passive Mode (|||port|)".</summary>
    public static bool TryParseEpsv(string message, out int port)
    {
        port = 0;
        var open = message.IndexOf('(', StringComparison.Ordinal);
        var close = message.LastIndexOf(')');
        if (open < 0 || close <= open + 4)
        {
            return false;
        }

        var inner = message[(open + 1)..close];
        var delimiter = inner[0];
        var parts = inner.Split(delimiter);
        // "|||port|" splits into "", "", "", "port", ""
        return parts.Length == 5 && int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;
    }

    /// <summary>Parses "Entering Passive Mode (h1,h2,h3,h4,p1,p2)" (parentheses optional).</summary>
    public static bool TryParsePasv(string text, out IPAddress address, out int port)
    {
        address = IPAddress.None;
        port = 0;
        var numbers = new List<int>(6);
        var current = -1;
        foreach (var c in text.AsSpan(Math.Min(4, text.Length)))
        {
            if (char.IsAsciiDigit(c))
            {
                current = (current < 0 ? 0 : current * 10) + (c - '0');
                if (current > 255)
                {
                    numbers.Clear();
                    current = -1;
                }
            }
            else
            {
                if (current >= 0)
                {
                    numbers.Add(current);
                }

                current = -1;
                if (c != ',' && numbers.Count is > 0 and < 6)
                {
                    numbers.Clear();
                }

                if (numbers.Count == 6)
                {
                    break;
                }
            }
        }

        if (current >= 0 && numbers.Count < 6)
        {
            numbers.Add(current);
        }

        if (numbers.Count != 6)
        {
            return false;
        }

        address = new IPAddress([(byte)numbers[0], (byte)numbers[1], (byte)numbers[2], (byte)numbers[3]]);
        port = (numbers[4] * 256) + numbers[5];
        return port > 0;
    }

    /// <summary>
    /// The PASV address quirk: servers behind NAT or misconfigured report a private or zero address. Use the reported
    /// address only when it is routable or the same as the control connection's; otherwise use the control connection's.
    /// </summary>
    public static IPAddress ChooseAddress(IPAddress reported, IPAddress control)
    {
        if (reported.Equals(control))
        {
            return reported;
        }

        if (reported.Equals(IPAddress.Any) || IsPrivate(reported) || IPAddress.IsLoopback(reported))
        {
            return control;
        }

        return reported;
    }

    private static bool IsPrivate(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        var b = address.GetAddressBytes();
        return b[0] == 10 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254) || b[0] == 0;
    }
}
