using System.Diagnostics;
using Hematology.Integration.Testing;

namespace Hematology.Integration.Resilience.Tests.Support;

/// <summary>Waits for background work driven by the fake clock, with a real-time bound so a bug fails instead of hanging.</summary>
internal static class Wait
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    public static void Until(Func<bool> condition, string what)
    {
        if (!SpinWait.SpinUntil(condition, Bound))
        {
            throw new TimeoutException("Timed out waiting for " + what);
        }
    }

    /// <summary>
    /// Drives <paramref name="task"/> to completion: whenever it waits on a fake timer, moves the clock forward in
    /// small steps until the timer fires.
    /// </summary>
    public static async Task<T> DriveAsync<T>(FakeTimeProvider clock, Task<T> task, TimeSpan? step = null, TimeSpan? limit = null)
    {
        var increment = step ?? TimeSpan.FromMilliseconds(10);
        var start = clock.GetUtcNow();
        var watch = Stopwatch.StartNew();
        while (!task.IsCompleted)
        {
            Until(() => task.IsCompleted || clock.PendingTimers > 0, "the task to wait on the clock or finish");
            if (task.IsCompleted)
            {
                break;
            }

            clock.Advance(increment);
            if (clock.GetUtcNow() - start > (limit ?? TimeSpan.FromHours(2)) || watch.Elapsed > Bound * 3)
            {
                throw new TimeoutException("The task did not finish within the simulated time limit.");
            }
        }

        return await task;
    }
}
