using System.Runtime.InteropServices;
using KerjasamaGraph.Client;

// Ctrl+C, or a termination signal (kill, a service manager, `timeout`), once: the command stops cleanly and says what it
// left on disk. The same signal again: the process stops at once.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (cancel.IsCancellationRequested) return;
    e.Cancel = true;
    Console.Error.WriteLine("kerjasama: stopping (press Ctrl+C again to stop at once)");
    cancel.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    if (cancel.IsCancellationRequested) return;
    context.Cancel = true;
    Console.Error.WriteLine("kerjasama: stopping (terminated; a second termination signal stops it at once)");
    cancel.Cancel();
});
return await KerjasamaApp.RunAsync(args, cancel.Token);
