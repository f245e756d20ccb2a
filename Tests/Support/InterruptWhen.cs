namespace KerjasamaGraph.Tests.Support;

/// <summary>
/// Cancels a command run in this process as soon as something is seen on disk, watching from a thread of its own: a
/// watcher on the thread pool waits behind the command's parallel loops, which keep every pool thread busy, and a fast
/// run can finish before the watcher gets a turn.
/// </summary>
public static class InterruptWhen
{
    /// <summary>
    /// Polls <paramref name="seen"/> every few milliseconds on a dedicated thread and cancels <paramref name="cancel"/> once
    /// it holds (after <paramref name="delay"/>, if given). The task is true if it cancelled, false if <paramref name="stop"/>
    /// was cancelled or a minute passed first.
    /// </summary>
    public static Task<bool> Start(Func<bool> seen, CancellationTokenSource cancel, CancellationToken stop, TimeSpan delay = default)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (!stop.IsCancellationRequested && DateTime.UtcNow < deadline)
            {
                if (Holds(seen))
                {
                    if (delay > TimeSpan.Zero) Thread.Sleep(delay);
                    cancel.Cancel();
                    done.SetResult(true);
                    return;
                }
                Thread.Sleep(5);
            }
            done.SetResult(false);
        }) { IsBackground = true, Name = "interrupt watcher" };
        thread.Start();
        return done.Task;
    }

    /// <summary>A file read while the command replaces it is not there yet.</summary>
    private static bool Holds(Func<bool> seen)
    {
        try { return seen(); }
        catch (IOException) { return false; }
    }
}
