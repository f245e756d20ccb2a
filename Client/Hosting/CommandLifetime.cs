using Microsoft.Extensions.Hosting;

namespace KerjasamaGraph.Client.Hosting;

/// <summary>
/// The lifetime of a host that a command starts and stops itself (the embedded silos, the client of a remote cluster).
/// The default console lifetime would take the process's Ctrl+C and termination signals for the host alone: a SIGTERM
/// would only mark the host as stopping, which nobody waits for, and the run would go on to its end. The program handles
/// those signals once, for the whole command (Program.cs), and the command stops the host when it ends.
/// </summary>
internal sealed class CommandLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
