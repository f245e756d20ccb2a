using KerjasamaGraph.Client;

// Ctrl+C once: the command stops cleanly and says what it left on disk. Ctrl+C again: the process stops at once.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (cancel.IsCancellationRequested) return;
    e.Cancel = true;
    Console.Error.WriteLine("kerjasama: stopping (press Ctrl+C again to stop at once)");
    cancel.Cancel();
};
return await KerjasamaApp.RunAsync(args, cancel.Token);
