using System.Collections;
using KerjasamaGraph.Client.Commands;
using KerjasamaGraph.Cluster;
using Microsoft.Extensions.Configuration;

namespace KerjasamaGraph.Client.Hosting;

/// <summary>
/// Metrics of the silos a command starts inside this program, as the standalone silo has them (<see cref="Telemetry"/>):
/// the options <c>--otlp</c> and <c>--otlp-protocol</c>, or the environment (KERJASAMA__TELEMETRY__OTLP,
/// KERJASAMA__TELEMETRY__OTLPPROTOCOL, the standard OTEL_… variables such as OTEL_METRIC_EXPORT_INTERVAL); the options win.
/// </summary>
public static class EmbeddedTelemetry
{
    private const string EnvironmentPrefix = "KERJASAMA__TELEMETRY__";

    /// <summary>The help of <c>--otlp</c> (run, compare, sweep, serve).</summary>
    public const string OtlpHelp = "Export the embedded silos' metrics (meters Microsoft.Orleans and KerjasamaGraph) with OTLP to this endpoint, e.g. http://localhost:4317 (also KERJASAMA__TELEMETRY__OTLP or OTEL_EXPORTER_OTLP_ENDPOINT).";

    /// <summary>The help of <c>--otlp-protocol</c>.</summary>
    public const string OtlpProtocolHelp = "OTLP protocol: grpc or http/protobuf (default: http/protobuf on port 4318, else grpc; also KERJASAMA__TELEMETRY__OTLPPROTOCOL or OTEL_EXPORTER_OTLP_PROTOCOL).";

    /// <summary>
    /// The telemetry configuration for <paramref name="settings"/>' embedded silos. Throws <see cref="InputException"/>
    /// (one line) for a bad endpoint or protocol, and for the options where no silo starts here (--connect: the
    /// cluster's silos export their own metrics; the reference engine has no silo).
    /// </summary>
    public static IConfiguration From(SimulationSettings settings) => From(settings.Otlp, settings.OtlpProtocol, settings.Connect, settings.Engine);

    /// <summary><see cref="From(SimulationSettings)"/> from the options themselves (<c>serve</c> has them too).</summary>
    public static IConfiguration From(string? otlp, string? otlpProtocol, string? connect, string engine)
    {
        var flags = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (otlp is not null) flags[Telemetry.EndpointKey] = otlp;
        if (otlpProtocol is not null) flags[Telemetry.ProtocolKey] = otlpProtocol;
        if (flags.Count > 0)
        {
            var option = otlp is not null ? "--otlp" : "--otlp-protocol";
            if (connect is not null) throw new InputException($"{option}: with --connect the cluster's silos export the metrics (start them with kerjasama-silo --otlp)");
            if (engine == "reference") throw new InputException($"{option} needs --engine orleans (the reference engine has no silo to measure)");
        }
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            if (name.StartsWith("OTEL_", StringComparison.Ordinal)) values[name] = (string?)variable.Value;
            else if (name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase)) values["Kerjasama:Telemetry:" + name[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal)] = (string?)variable.Value;
        }
        foreach (var (key, value) in flags) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        if (connect is null && engine != "reference")
        {
            try
            {
                Telemetry.Target(configuration);
            }
            catch (FormatException e)
            {
                throw new InputException(e.Message);
            }
        }
        return configuration;
    }
}
