using Hematology.Integration.Pipeline;

namespace Hematology.Integration.Tests.Pipeline;

public sealed class PendingAuditWritesTests
{
    [Fact]
    public async Task FlushAsync_WaitsUntilEveryWriteIsDurable()
    {
        var pending = new PendingAuditWrites();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pending.Add(new ValueTask(first.Task));
        pending.Add(new ValueTask(second.Task));

        var flush = pending.FlushAsync().AsTask();
        first.SetResult();
        await Task.Delay(50);
        Assert.False(flush.IsCompleted);
        second.SetResult();
        await flush.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(pending.HasPending);
    }

    [Fact]
    public async Task FlushAsync_AWriteFailed_ThrowsItsFailure()
    {
        var pending = new PendingAuditWrites();
        var failing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pending.Add(new ValueTask(failing.Task));
        pending.Add(ValueTask.CompletedTask);
        failing.SetException(new IOException("disk full"));

        var error = await Assert.ThrowsAsync<IOException>(() => pending.FlushAsync().AsTask());

        Assert.Equal("disk full", error.Message);
        Assert.False(pending.HasPending);
    }

    [Fact]
    public async Task FlushAsync_AWriteThatHadFailedWhenAdded_IsReportedNotLost()
    {
        var pending = new PendingAuditWrites();

        pending.Add(ValueTask.FromException(new InvalidOperationException("closed")));

        Assert.True(pending.HasPending);
        await Assert.ThrowsAsync<InvalidOperationException>(() => pending.FlushAsync().AsTask());
    }
}
