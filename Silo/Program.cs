using System.Net;
using System.Net.Sockets;
using KerjasamaGraph.Cluster;
using KerjasamaGraph.Grains.Engine;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Simulation;
using KerjasamaGraph.Silo;
using KerjasamaGraph.Web;
using KerjasamaGraph.Web.Security;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration.Json;
using Orleans.Dashboard;
using StackExchange.Redis;

// A standalone KerjasamaGraph silo: an ASP.NET Core host with an Orleans silo, the Orleans dashboard at /dashboard and,
// with --web, the web app for planners. Clustering, ports and the rest come from appsettings.json beside the program,
// KERJASAMA__… environment variables and the command line (see SiloArguments.Usage), later ones winning.
//   dotnet run --project Silo -- --redis localhost:6379 --silo-port 11111 --gateway-port 30000 --http-port 8080

if (args is ["-h"] or ["--help"])
{
    Console.Out.WriteLine(SiloArguments.Usage);
    return 0;
}
Dictionary<string, string?> flags;
try
{
    flags = SiloArguments.Parse(args);
}
catch (FormatException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = [],
    ContentRootPath = Environment.CurrentDirectory,
    ApplicationName = typeof(SiloArguments).Assembly.GetName().Name,
    EnvironmentName = Environments.Production,
});
// The settings shipped beside the program come first; a file in the working folder, the environment and the command line override them.
builder.Configuration.Sources.Insert(0, new JsonConfigurationSource
{
    Path = "appsettings.json",
    Optional = true,
    FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(AppContext.BaseDirectory),
});
builder.Configuration.AddInMemoryCollection(flags);

var cluster = ClusterConfig.From(builder.Configuration);
var problems = cluster.Problems().ToList();
var silo = builder.Configuration.GetSection("Kerjasama:Silo");
var httpPort = silo.GetValue("HttpPort", 0);
var httpAddressText = silo["HttpAddress"] ?? "127.0.0.1";
var dashboard = silo.GetValue("Dashboard", true);
var web = silo.GetValue("Web", false);
if (httpPort is < 0 or > 65535) problems.Add($"--http-port: {httpPort} is out of range (0 to 65535)");
if (!IPAddress.TryParse(httpAddressText, out var httpAddress)) problems.Add($"--http-address: '{httpAddressText}' is not an IP address");
try
{
    Telemetry.Target(builder.Configuration);
}
catch (FormatException e)
{
    problems.Add(e.Message);
}
if (problems.Count > 0)
{
    foreach (var p in problems) Console.Error.WriteLine(p);
    return 2;
}

if (cluster.Clustering == "redis" && await RedisProblem(cluster.Redis!) is { } redisProblem)
{
    Console.Error.WriteLine($"--redis {cluster.Redis}: {redisProblem}");
    return 1;
}

var loopback = IPAddress.IsLoopback(httpAddress!);
if (loopback) builder.Configuration["AllowedHosts"] = "localhost;127.0.0.1;[::1]";
builder.Logging.AddSiloLogging();
builder.WebHost.UseUrls($"http://{(httpAddress!.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{httpAddress}]" : httpAddress.ToString())}:{httpPort}");
builder.UseOrleans(s => s.UseKerjasamaCluster(cluster, dashboard));
builder.Services.AddKerjasamaTelemetry(builder.Configuration, "kerjasama-silo");
// Ctrl+C leaves the cluster within seconds even when Redis is gone (the membership update then cannot be written).
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));

string? token = null;
var generated = false;
if (web)
{
    token = builder.Configuration["Kerjasama:Web:Token"];
    if (!loopback && string.IsNullOrEmpty(token))
    {
        token = AccessTokenMiddleware.NewToken();
        generated = true;
    }
    // The web app's runs go to this silo's cluster through the silo's own grain factory.
    builder.Services.AddSingleton<ISimulationEngine>(sp => new OrleansEngine(sp.GetRequiredService<IGrainFactory>(), 1));
    builder.AddKerjasamaWeb(o =>
    {
        o.Token = string.IsNullOrEmpty(token) ? null : token;
        o.EngineConnected = cluster.Clustering != "localhost";
        o.ClusterAtRunStart = async (services, ct) =>
        {
            var hosts = await services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(ct);
            var through = cluster.Clustering == "redis" ? $"redis://{cluster.Redis}" : $"{cluster.Address}:{cluster.GatewayPort}";
            return new RunCluster(through, hosts.Keys.Select(s => s.ToString()).Order(StringComparer.Ordinal).ToList());
        };
    });
}

await using var app = builder.Build();
if (web) app.MapKerjasamaWeb();
if (dashboard) app.MapOrleansDashboard(routePrefix: "/dashboard");
try
{
    await app.StartAsync();
}
catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException or SocketException)
{
    Console.Error.WriteLine($"--http-port {httpPort}: cannot listen on {httpAddressText}:{httpPort} (the port is in use); choose another --http-port");
    return 2;
}
catch (Exception e) when (e is SocketException or Orleans.Runtime.OrleansException || e.InnerException is SocketException)
{
    Console.Error.WriteLine($"silo did not start: {e.GetType().Name}: {e.Message.Split('\n')[0]} (silo port {cluster.SiloPort}, gateway port {cluster.GatewayPort})");
    return 1;
}

var http = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
var membership = cluster.Clustering == "redis" ? $"redis {cluster.Redis}" : $"localhost (first silo's port {cluster.PrimaryPort ?? cluster.SiloPort})";
Console.Out.WriteLine($"kerjasama silo ready: silo {cluster.Address}:{cluster.SiloPort}, gateway {cluster.Address}:{cluster.GatewayPort}, cluster '{cluster.ClusterId}' ({membership})");
if (dashboard) Console.Out.WriteLine($"Orleans dashboard: {http}/dashboard");
if (Telemetry.Target(builder.Configuration) is { } otlp) Console.Out.WriteLine($"Metrics: {otlp}");
if (web) Console.Out.WriteLine($"Web app: {http}/{(string.IsNullOrEmpty(token) ? "" : "?token=" + token)}");
if (generated) Console.Out.WriteLine($"Listening beyond this computer: every request to the web app needs the access token {token} (the address above carries it).");
Console.Out.WriteLine("Press Ctrl+C to stop.");
Console.Out.Flush();
await app.WaitForShutdownAsync();
return 0;

// Whether Redis answers within 5 seconds (null when it does).
static async Task<string?> RedisProblem(string connection)
{
    try
    {
        var options = ConfigurationOptions.Parse(connection);
        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 5000;
        options.ConnectRetry = 1;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        await redis.GetDatabase().PingAsync();
        return null;
    }
    catch (Exception e) when (e is RedisException or ArgumentException or TimeoutException)
    {
        return $"no Redis server answered ({e.Message.Split('\n')[0]}); start one with `redis-server --port 6379`";
    }
}
