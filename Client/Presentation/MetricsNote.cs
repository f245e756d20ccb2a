using KerjasamaGraph.Cluster;
using Spectre.Console;

namespace KerjasamaGraph.Client.Presentation;

/// <summary>The line that tells a user where the embedded silos' metrics went (<c>--otlp</c>); nothing without an endpoint.</summary>
public static class MetricsNote
{
    public static void Write(IAnsiConsole console, Telemetry.OtlpTarget? metrics)
    {
        if (metrics is { } target) console.MarkupLineInterpolated($"[grey]Metrics: {target} (the last values are sent as the silo stops).[/]");
    }
}
