using System.Globalization;

namespace KerjasamaGraph.Silo;

/// <summary>
/// The silo's command line, as configuration keys (they override appsettings.json and KERJASAMA__… environment
/// variables). Unknown flags and missing values are one-line errors.
/// </summary>
public static class SiloArguments
{
    public const string Usage = """
        kerjasama-silo: a KerjasamaGraph silo (Orleans), with the Orleans dashboard and optionally the web app.

        USAGE:
            kerjasama-silo [OPTIONS]

        OPTIONS:
            --clustering <localhost|redis>  How silos find each other (default localhost; --redis implies redis)
            --redis <CONNECTION>            Redis for membership, e.g. localhost:6379
            --silo-port <PORT>              Port silos talk on (default 11111)
            --gateway-port <PORT>           Port clients connect to (default 30000)
            --primary-port <PORT>           localhost clustering: the first silo's port (default: this silo's)
            --address <IP>                  Address other silos and clients reach this silo at (default 127.0.0.1)
            --cluster-id <ID>               Cluster name (default kerjasama)
            --http-port <PORT>              Port of the dashboard and the web app (default 0: any free port, printed)
            --http-address <IP>             Address they listen on (default 127.0.0.1; elsewhere the web app needs a token)
            --no-dashboard                  Do not serve the Orleans dashboard at /dashboard
            --web                           Also serve the web app for planners (as `kerjasama serve` does)
            --token <TOKEN>                 Access token of the web app
            --otlp <URI>                    Export metrics with OTLP to this endpoint (e.g. http://localhost:4317)
            --otlp-protocol <PROTOCOL>      grpc or http/protobuf (default: http/protobuf on port 4318, else grpc)
            -h, --help                      Show this help

        Every option is also a configuration key (appsettings.json beside the program, or environment variables):
        KERJASAMA__CLUSTER__CLUSTERING, KERJASAMA__CLUSTER__REDIS, KERJASAMA__CLUSTER__SILOPORT, KERJASAMA__CLUSTER__GATEWAYPORT,
        KERJASAMA__SILO__HTTPPORT, KERJASAMA__SILO__DASHBOARD, KERJASAMA__SILO__WEB, KERJASAMA__TELEMETRY__OTLP,
        KERJASAMA__TELEMETRY__OTLPPROTOCOL, …; and the standard OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL
        """;

    private static readonly Dictionary<string, string> Valued = new(StringComparer.Ordinal)
    {
        ["--clustering"] = "Kerjasama:Cluster:Clustering",
        ["--redis"] = "Kerjasama:Cluster:Redis",
        ["--silo-port"] = "Kerjasama:Cluster:SiloPort",
        ["--gateway-port"] = "Kerjasama:Cluster:GatewayPort",
        ["--primary-port"] = "Kerjasama:Cluster:PrimaryPort",
        ["--address"] = "Kerjasama:Cluster:Address",
        ["--cluster-id"] = "Kerjasama:Cluster:ClusterId",
        ["--http-port"] = "Kerjasama:Silo:HttpPort",
        ["--http-address"] = "Kerjasama:Silo:HttpAddress",
        ["--token"] = "Kerjasama:Web:Token",
        ["--otlp"] = "Kerjasama:Telemetry:Otlp",
        ["--otlp-protocol"] = "Kerjasama:Telemetry:OtlpProtocol",
    };

    private static readonly HashSet<string> Ports = ["--silo-port", "--gateway-port", "--primary-port", "--http-port"];

    /// <summary>Configuration keys and values from <paramref name="args"/>; throws <see cref="FormatException"/> with one line.</summary>
    public static Dictionary<string, string?> Parse(string[] args)
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var value = (string?)null;
            var eq = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                value = arg[(eq + 1)..];
                arg = arg[..eq];
            }
            switch (arg)
            {
                case "--web":
                    result["Kerjasama:Silo:Web"] = "true";
                    continue;
                case "--dashboard":
                    result["Kerjasama:Silo:Dashboard"] = "true";
                    continue;
                case "--no-dashboard":
                    result["Kerjasama:Silo:Dashboard"] = "false";
                    continue;
            }
            if (!Valued.TryGetValue(arg, out var key)) throw new FormatException($"{arg}: unknown option (see --help)");
            if (value is null)
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal)) throw new FormatException($"{arg}: expects a value (see --help)");
                value = args[++i];
            }
            if (Ports.Contains(arg) && (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535 || (port == 0 && arg != "--http-port")))
            {
                throw new FormatException($"{arg}: '{value}' is not a port number (1 to 65535)");
            }
            result[key] = value;
        }
        if (result.ContainsKey("Kerjasama:Cluster:Redis") && !result.ContainsKey("Kerjasama:Cluster:Clustering")) result["Kerjasama:Cluster:Clustering"] = "redis";
        return result;
    }
}
