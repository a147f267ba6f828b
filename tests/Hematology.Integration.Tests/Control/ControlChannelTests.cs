using Hematology.Integration.Control;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hematology.Integration.Tests.Control;

public sealed class ControlChannelTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ctl-").FullName;
    private readonly FakeControl _control = new();
    private ControlChannelServer? _server;

    private string SocketPath => Path.Combine(_folder, ControlChannelClient.SocketFileName);

    public Task InitializeAsync()
    {
        _server = new ControlChannelServer(SocketPath, _control, NullLogger<ControlChannelServer>.Instance);
        _server.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server!.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task SendAsync_Status_ReturnsTheHostsState()
    {
        _control.Status = _control.Status with { Paused = true, PauseReason = "5 consecutive ACK timeouts", OutboxDepth = 12 };

        var status = await ControlChannelClient.SendAsync(SocketPath, "status");

        Assert.True(status.Paused);
        Assert.Equal("5 consecutive ACK timeouts", status.PauseReason);
        Assert.Equal(12, status.OutboxDepth);
    }

    [Fact]
    public async Task SendAsync_ResumeWithOperatorAndReason_ReachesTheHost()
    {
        var status = await ControlChannelClient.SendAsync(SocketPath, "resume", "j.smith", "LIMS back after maintenance");

        Assert.False(status.Paused);
        Assert.Equal(("j.smith", "LIMS back after maintenance"), _control.LastResume);
    }

    [Fact]
    public async Task SendAsync_HostRefuses_ThrowsWithTheHostsReason()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ControlChannelClient.SendAsync(SocketPath, "resume", "", ""));

        Assert.Contains("operator", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_RequeueUnknownItem_ThrowsTheHostsMessage()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ControlChannelClient.SendAsync(SocketPath, "requeue", "j.smith", "retry", "rejected/x.hl7"));

        Assert.Contains("rejected/x.hl7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_NoHost_SaysSo()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ControlChannelClient.SendAsync(Path.Combine(_folder, "none.sock"), "status"));

        Assert.Contains("No running host", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Start_Socket_IsOpenToItsOwnerOnly()
    {
        var mode = File.GetUnixFileMode(SocketPath);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    private sealed class FakeControl : IPipelineControl
    {
        public PipelineStatus Status { get; set; } = new() { Paused = false };

        public (string, string)? LastResume { get; private set; }

        public ValueTask<PipelineStatus> GetStatusAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Status);

        public ValueTask<PipelineStatus> PauseAsync(string operatorName, string reason, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Status = Status with { Paused = true, PauseReason = reason });

        public ValueTask<PipelineStatus> ResumeAsync(string operatorName, string reason, CancellationToken cancellationToken)
        {
            if (string.IsNullOrWhiteSpace(operatorName) || string.IsNullOrWhiteSpace(reason))
            {
                throw new ArgumentException("Resuming needs the operator's name and a reason.");
            }

            LastResume = (operatorName, reason);
            return ValueTask.FromResult(Status = Status with { Paused = false, PauseReason = null });
        }

        public ValueTask<PipelineStatus> RequeueAsync(string id, string operatorName, string reason, CancellationToken cancellationToken) =>
            throw new KeyNotFoundException($"No quarantined item '{id}'.");
    }
}
