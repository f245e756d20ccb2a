using KerjasamaGraph.Client;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await KerjasamaApp.RunAsync(args, cancel.Token);
