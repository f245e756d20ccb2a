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

    /// <summary>
    /// The telemetry configuration for <paramref name="settings"/>' embedded silos. Throws <see cref="InputException"/>
    /// (one line) for a bad endpoint or protocol, and for the options where no silo starts here (--connect: the
    /// cluster's silos export their own metrics; the reference engine has no silo).
    /// </summary>
    public static IConfiguration From(SimulationSettings settings)
    {
        var flags = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (settings.Otlp is not null) flags[Telemetry.EndpointKey] = settings.Otlp;
        if (settings.OtlpProtocol is not null) flags[Telemetry.ProtocolKey] = settings.OtlpProtocol;
        if (flags.Count > 0)
        {
            var option = settings.Otlp is not null ? "--otlp" : "--otlp-protocol";
            if (settings.Connect is not null) throw new InputException($"{option}: with --connect the cluster's silos export the metrics (start them with kerjasama-silo --otlp)");
            if (settings.Engine == "reference") throw new InputException($"{option} needs --engine orleans (the reference engine has no silo to measure)");
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
        if (settings.Connect is null && settings.Engine != "reference")
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
