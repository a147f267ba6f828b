namespace Hematology.Integration.Resilience;

/// <summary>The container-owned HttpClient of the webhook alert sink (disposed with the container).</summary>
internal sealed class ResilienceHttpClient : IDisposable
{
    public HttpClient Client { get; } = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public void Dispose() => Client.Dispose();
}
