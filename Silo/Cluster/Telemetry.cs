using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace KerjasamaGraph.Cluster;

/// <summary>
/// OpenTelemetry metrics — Orleans' meter <c>Microsoft.Orleans</c> and the project's <see cref="RunMetrics"/> — exported
/// with OTLP when an endpoint is configured: <c>Kerjasama:Telemetry:Otlp</c> (e.g. http://localhost:4317; environment
/// KERJASAMA__TELEMETRY__OTLP) or the standard OTEL_EXPORTER_OTLP_ENDPOINT. The protocol is
/// <c>Kerjasama:Telemetry:OtlpProtocol</c> or the standard OTEL_EXPORTER_OTLP_PROTOCOL (<c>grpc</c> or
/// <c>http/protobuf</c>); without either, port 4318 means http/protobuf and any other port gRPC. Nothing is collected
/// without an endpoint. The export interval is the SDK's (OTEL_METRIC_EXPORT_INTERVAL, default 60 s), and whatever was
/// measured since the last export is sent when the host stops.
/// </summary>
public static class Telemetry
{
    public const string OrleansMeter = "Microsoft.Orleans";

    public const string EndpointKey = "Kerjasama:Telemetry:Otlp";
    public const string ProtocolKey = "Kerjasama:Telemetry:OtlpProtocol";
    public const string StandardEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string StandardProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";

    /// <summary>Where metrics go and how: the URI the exporter posts or calls to, and the protocol.</summary>
    public sealed record OtlpTarget(Uri Endpoint, OtlpExportProtocol Protocol)
    {
        /// <summary>The protocol as configuration spells it.</summary>
        public string ProtocolName => Protocol == OtlpExportProtocol.HttpProtobuf ? "http/protobuf" : "grpc";

        /// <summary>How programs tell their users where the metrics go: "OTLP (grpc) to http://host:4317/".</summary>
        public override string ToString() => $"OTLP ({ProtocolName}) to {Endpoint}";
    }

    /// <summary>The OTLP endpoint configured, or null.</summary>
    public static string? Endpoint(IConfiguration configuration) =>
        configuration[EndpointKey] is { Length: > 0 } own ? own
        : configuration[StandardEndpointVariable] is { Length: > 0 } standard ? standard : null;

    /// <summary>
    /// The exporter's target, or null when no endpoint is configured. With http/protobuf the exporter posts to the URI as
    /// given, so the metrics path <c>/v1/metrics</c> is added here: to an endpoint of the project's key that has no path,
    /// and to the standard variable's endpoint always (it is a base URL, as the OpenTelemetry specification says).
    /// Throws <see cref="FormatException"/> with one line naming the setting for an endpoint or protocol that is not valid.
    /// </summary>
    public static OtlpTarget? Target(IConfiguration configuration)
    {
        // The protocol is checked whether or not an endpoint is set: a bad value is a mistake either way.
        var (protocolText, protocolName) = configuration[ProtocolKey] is { Length: > 0 } p ? (p, $"--otlp-protocol ({ProtocolKey})")
            : configuration[StandardProtocolVariable] is { Length: > 0 } s ? (s, StandardProtocolVariable) : (null, null);
        OtlpExportProtocol? chosen = protocolText switch
        {
            null => null,
            "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            _ => throw new FormatException($"{protocolName}: '{protocolText}' is not an OTLP protocol (grpc or http/protobuf)"),
        };
        var own = configuration[EndpointKey] is { Length: > 0 };
        if (Endpoint(configuration) is not { } endpoint) return null;
        var endpointName = own ? $"--otlp ({EndpointKey})" : StandardEndpointVariable;
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new FormatException($"{endpointName}: '{endpoint}' is not an http or https URI (e.g. http://localhost:4317)");
        }
        var protocol = chosen ?? (uri.Port == 4318 ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc);
        if (protocol == OtlpExportProtocol.HttpProtobuf && (!own || uri.AbsolutePath == "/"))
        {
            uri = new UriBuilder(uri) { Path = uri.AbsolutePath.TrimEnd('/') + "/v1/metrics" }.Uri;
        }
        return new OtlpTarget(uri, protocol);
    }

    /// <summary>Adds the metrics and their exporter when an endpoint is configured (see <see cref="Target"/>, which throws for bad settings).</summary>
    public static IServiceCollection AddKerjasamaTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        if (Target(configuration) is not { } target) return services;
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithMetrics(metrics => metrics
                .AddMeter(OrleansMeter, RunMetrics.MeterName)
                .AddOtlpExporter(o =>
                {
                    o.Endpoint = target.Endpoint;
                    o.Protocol = target.Protocol;
                }));
        return services;
    }
}
