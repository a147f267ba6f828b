namespace Hematology.Integration.Mllp;

/// <summary>The default values of the MLLP options, in one place.</summary>
internal static class MllpDefaults
{
    public const int Port = 2575;
    public const string ServerHost = "127.0.0.1";
    public const int MaxFrameSize = 1024 * 1024;
    public const string EncodingName = "utf-8";
    public const int ConnectAttempts = 3;
    public const int MaxConnections = 10;
    public const int KeepAliveRetryCount = 3;

    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan ReconnectDelay = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan KeepAliveTime = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan HandlerTimeout = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan TlsHandshakeTimeout = TimeSpan.FromSeconds(10);
}
