using System.Globalization;
using KerjasamaGraph.Grains;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// A standalone KerjasamaGraph silo (localhost clustering). Start it with
//   dotnet run --project Silo [-- --silo-port 11111 --gateway-port 30000 [--primary-port 11111]]
// and run scenarios against it with `kerjasama run FILE --connect localhost:30000`.
// Several silos form one cluster when they share the primary silo's port.

var siloPort = Option("--silo-port", 11111);
var gatewayPort = Option("--gateway-port", 30000);
var primaryPort = Option("--primary-port", siloPort);

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.UseOrleans(silo =>
{
    silo.UseLocalhostClustering(siloPort, gatewayPort, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, primaryPort), "kerjasama", "kerjasama");
    silo.Services.AddKerjasamaGraphGrains();
});
using var host = builder.Build();
await host.StartAsync();
Console.WriteLine($"kerjasama silo ready: silo port {siloPort}, gateway 127.0.0.1:{gatewayPort} (Ctrl+C to stop)");
await host.WaitForShutdownAsync();
return 0;

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    if (i < 0) return fallback;
    if (i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535)
    {
        return port;
    }
    Console.Error.WriteLine($"{name}: expected a port number (1 to 65535)");
    Environment.Exit(2);
    return fallback;
}
