using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace KerjasamaGraph.Cluster;

/// <summary>
/// OpenTelemetry metrics — Orleans' meter <c>Microsoft.Orleans</c> and the project's <see cref="RunMetrics"/> — exported
/// with OTLP when an endpoint is configured: <c>Kerjasama:Telemetry:Otlp</c> (e.g. http://localhost:4317; environment
/// KERJASAMA__TELEMETRY__OTLP) or the standard OTEL_EXPORTER_OTLP_ENDPOINT. Nothing is collected otherwise.
/// </summary>
public static class Telemetry
{
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>The OTLP endpoint configured, or null.</summary>
    public static string? Endpoint(IConfiguration configuration) =>
        configuration["Kerjasama:Telemetry:Otlp"] is { Length: > 0 } own ? own
        : configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 } standard ? standard : null;

    public static IServiceCollection AddKerjasamaTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        if (Endpoint(configuration) is not { } endpoint) return services;
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)) throw new FormatException($"Kerjasama:Telemetry:Otlp: '{endpoint}' is not an absolute URI (e.g. http://localhost:4317)");
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithMetrics(metrics => metrics
                .AddMeter(OrleansMeter, RunMetrics.MeterName)
                .AddOtlpExporter(o =>
                {
                    o.Endpoint = uri;
                    o.Protocol = uri.Port == 4318 ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
                }));
        return services;
    }
}
