using System.ComponentModel;
using System.Net;
using System.Net.Sockets;
using KerjasamaGraph.Client.Hosting;
using KerjasamaGraph.Cluster;
using KerjasamaGraph.Grains;
using KerjasamaGraph.Grains.Engine;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Simulation;
using KerjasamaGraph.Web;
using KerjasamaGraph.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console.Cli;

namespace KerjasamaGraph.Client.Commands;

public sealed class ServeSettings : CommandSettings
{
    [CommandOption("--port <PORT>")]
    [Description("Port to listen on (0: any free port). Default 8080.")]
    [DefaultValue(8080)]
    public int Port { get; init; } = 8080;

    [CommandOption("--host <ADDRESS>")]
    [Description("Address to listen on. Default 127.0.0.1 (this computer only); any other address requires the access token.")]
    [DefaultValue("127.0.0.1")]
    public string Host { get; init; } = "127.0.0.1";

    [CommandOption("--token <TOKEN>")]
    [Description("Access token every request must carry (default: configuration Kerjasama:Web:Token; generated and printed when listening beyond this computer).")]
    public string? Token { get; init; }

    [CommandOption("--connect <CLUSTER>")]
    [Description("Run simulations on a running silo cluster instead of the silo started inside this program: redis://HOST:PORT or HOST:PORT[,HOST:PORT].")]
    public string? Connect { get; init; }

    [CommandOption("--scenarios <DIR>")]
    [Description("The scenario library shown in the app. Default: scenarios.")]
    public string? Scenarios { get; init; }

    [CommandOption("--runs <DIR>")]
    [Description("Where run and comparison folders are kept (the same place `kerjasama run` writes to). Default: runs.")]
    public string? Runs { get; init; }

    [CommandOption("--uploads <DIR>")]
    [Description("Where uploaded scenarios and saved what-ifs are kept. Default: uploads.")]
    public string? Uploads { get; init; }

    [CommandOption("--otlp <URI>")]
    [Description(EmbeddedTelemetry.OtlpHelp)]
    public string? Otlp { get; init; }

    [CommandOption("--otlp-protocol <PROTOCOL>")]
    [Description(EmbeddedTelemetry.OtlpProtocolHelp)]
    public string? OtlpProtocol { get; init; }

    [CommandOption("--max-runs <N>")]
    [Description("Runs and comparisons executed at the same time; the others wait in a queue. Default 2.")]
    public int? MaxRuns { get; init; }
}

/// <summary>
/// `kerjasama serve`: the web app for planners and the HTTP API, with an Orleans silo in the same host (or, with --connect,
/// on a running cluster). Listens on 127.0.0.1 unless told otherwise; elsewhere every request needs the access token.
/// </summary>
public sealed class ServeCommand : AsyncCommand<ServeSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ServeSettings settings, CancellationToken commandToken)
    {
        using var cancel = KerjasamaApp.Link(commandToken);
        var token = cancel.Token;
        if (settings.Port is < 0 or > 65535) throw new InputException($"--port: {settings.Port} is out of range (0 to 65535)");
        if (!IPAddress.TryParse(settings.Host, out var address) && settings.Host != "localhost")
        {
            throw new InputException($"--host: '{settings.Host}' is not an IP address (e.g. 127.0.0.1, or 0.0.0.0 for every interface)");
        }
        if (settings.MaxRuns is < 1 or > 64) throw new InputException($"--max-runs: {settings.MaxRuns} is out of range (1 to 64)");
        var loopback = settings.Host == "localhost" || IPAddress.IsLoopback(address!);
        var telemetry = EmbeddedTelemetry.From(settings.Otlp, settings.OtlpProtocol, settings.Connect, "orleans");
        var metrics = settings.Connect is null ? Telemetry.Target(telemetry) : null;

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = Environment.CurrentDirectory,
            ApplicationName = typeof(ServeCommand).Assembly.GetName().Name,
            EnvironmentName = Environments.Production,
        });
        // On this computer only: answer only to this computer's names (a web page cannot reach the API by a name it controls).
        if (loopback) builder.Configuration["AllowedHosts"] = "localhost;127.0.0.1;[::1]";
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Orleans", LogLevel.Error);
        // A port in use is reported once, as an input error below, not as a logged stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        builder.WebHost.UseUrls($"http://{(address is null ? "localhost" : address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString())}:{settings.Port}");

        var configuredToken = settings.Token ?? builder.Configuration["Kerjasama:Web:Token"];
        var generated = false;
        if (!loopback && string.IsNullOrEmpty(configuredToken))
        {
            configuredToken = AccessTokenMiddleware.NewToken();
            generated = true;
        }

        RemoteCluster? remote = null;
        if (settings.Connect is not null)
        {
            remote = await RemoteCluster.ConnectAsync(settings.Connect, token);
            builder.Services.AddSingleton<ISimulationEngine>(new OrleansEngine(remote.Client, 0));
        }
        else
        {
            var (siloPort, gatewayPort) = FreePorts();
            builder.UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(siloPort, gatewayPort, new IPEndPoint(IPAddress.Loopback, siloPort), EmbeddedCluster.ServiceId, EmbeddedCluster.ClusterId);
                silo.Services.AddKerjasamaGraphGrains();
            });
            if (metrics is not null)
            {
                builder.Configuration.AddConfiguration(telemetry);
                builder.Services.AddKerjasamaTelemetry(builder.Configuration, "kerjasama");
            }
            builder.Services.AddSingleton<ISimulationEngine>(sp => new OrleansEngine(sp.GetRequiredService<IGrainFactory>(), 1));
        }
        builder.AddKerjasamaWeb(o =>
        {
            if (settings.Scenarios is not null) o.ScenariosDirectory = settings.Scenarios;
            if (settings.Runs is not null) o.RunsDirectory = settings.Runs;
            if (settings.Uploads is not null) o.UploadsDirectory = settings.Uploads;
            if (settings.MaxRuns is { } m) o.MaxConcurrentRuns = m;
            o.Token = string.IsNullOrEmpty(configuredToken) ? null : configuredToken;
            o.EngineConnected = remote is not null;
            if (remote is not null) o.ClusterAtRunStart = async (_, ct) => new RunCluster(settings.Connect!, await remote.ActiveSilosAsync(ct));
        });

        try
        {
            await using var app = builder.Build();
            app.MapKerjasamaWeb();
            try
            {
                await app.StartAsync(token);
            }
            catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException or SocketException)
            {
                var reason = e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException ? "the port is in use" : e.InnerException!.Message;
                throw new InputException($"--port {settings.Port}: cannot listen on {settings.Host}:{settings.Port} ({reason}); choose another --port");
            }
            var listening = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var open = listening.Replace("://0.0.0.0:", "://127.0.0.1:").Replace("://[::]:", "://[::1]:").TrimEnd('/') + "/";
            if (!string.IsNullOrEmpty(configuredToken)) open += "?token=" + configuredToken;
            Console.Out.WriteLine($"KerjasamaGraph is ready: open {open}");
            Console.Out.WriteLine(remote is null
                ? "Simulations run on the Orleans silo inside this program. Press Ctrl+C to stop."
                : $"Simulations run on the cluster at {settings.Connect}. Press Ctrl+C to stop.");
            if (metrics is not null) Console.Out.WriteLine($"Metrics: {metrics}");
            if (generated) Console.Out.WriteLine($"Listening beyond this computer: every request needs the access token {configuredToken} (the address above carries it).");
            Console.Out.Flush();
            // Until Ctrl+C or a termination signal (kill, a service manager): then the host stops, cancelling running jobs.
            await app.WaitForShutdownAsync(token);
            Console.Out.WriteLine("KerjasamaGraph stopped.");
            return ExitCodes.Ok;
        }
        finally
        {
            if (remote is not null) await remote.DisposeAsync();
        }
    }

    private static (int Silo, int Gateway) FreePorts()
    {
        var a = new TcpListener(IPAddress.Loopback, 0);
        var b = new TcpListener(IPAddress.Loopback, 0);
        a.Start();
        b.Start();
        var ports = (((IPEndPoint)a.LocalEndpoint).Port, ((IPEndPoint)b.LocalEndpoint).Port);
        a.Stop();
        b.Stop();
        return ports;
    }
}
