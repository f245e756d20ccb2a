using System.Diagnostics;
using System.Net;
using System.Text;
using KerjasamaGraph.Cluster;
using KerjasamaGraph.Tests.Cli;
using KerjasamaGraph.Tests.Cli.Examples;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;

namespace KerjasamaGraph.Tests.Cluster;

/// <summary>
/// Metrics exported with OTLP over HTTP to a receiver inside the test: the standalone silo (a process, with a short
/// export interval) and the silo `kerjasama run` starts inside itself both send Orleans' meter and the project's.
/// </summary>
[Collection("cli")]
public sealed class TelemetryTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private static string Scenario => Path.Combine(ConnectTests.RepositoryRoot(), "scenarios", "jambi-batanghari-2023.yaml");

    [Fact]
    public async Task The_standalone_silo_exports_orleans_and_run_metrics_with_http_protobuf()
    {
        using var receiver = new OtlpHttpReceiver();
        var gatewayPort = ConnectTests.FreePort();
        await using var silo = BuiltProgram.Start(BuiltProgram.Silo,
            ["--silo-port", ConnectTests.FreePort().ToString(), "--gateway-port", gatewayPort.ToString(), "--no-dashboard",
             "--otlp", receiver.Address, "--otlp-protocol", "http/protobuf"],
            Path.GetTempPath(), new Dictionary<string, string> { ["OTEL_METRIC_EXPORT_INTERVAL"] = "500" });
        Assert.True(await silo.WaitForLine("kerjasama silo ready", TimeSpan.FromSeconds(60)), silo.Output + silo.Error);
        Assert.True(await silo.WaitForLine("Metrics:", TimeSpan.FromSeconds(5)), silo.Output + silo.Error);
        Assert.Contains($"Metrics: OTLP (http/protobuf) to {receiver.Address}/v1/metrics", silo.Output);

        // As users run it: the default output, with its headline tables.
        var run = await _cli.Run("run", Scenario, "--months", "3", "--replications", "2", "--connect", $"127.0.0.1:{gatewayPort}", "--out", _cli.PathOf("run"));
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Benefit by region, cumulative (Rp million)", run.Out);
        Assert.Contains($"Run folder: {_cli.PathOf("run")}", run.Out);

        var request = await receiver.WaitFor(TimeSpan.FromSeconds(15), "kerjasama.months", "kerjasama.month.duration", Telemetry.OrleansMeter);
        Assert.Equal("/v1/metrics", request.Path);
        Assert.Equal("application/x-protobuf", request.ContentType);
        Assert.Contains("kerjasama-silo", Encoding.UTF8.GetString(request.Body)); // the service name of the resource
    }

    [Theory]
    // An endpoint without a path gets the metrics path; one with a path is posted to as given (the exporter adds nothing to an endpoint set in code).
    [InlineData("", "/v1/metrics")]
    [InlineData("/collector/metrics", "/collector/metrics")]
    public async Task Run_on_the_embedded_silo_exports_orleans_and_run_metrics_with_http_protobuf(string path, string posted)
    {
        using var receiver = new OtlpHttpReceiver();
        // The default export interval is a minute: what was measured is sent when the embedded silo stops at the end of the run.
        await RunSayingWhere($"OTLP (http/protobuf) to {receiver.Address}{posted}", "--otlp", receiver.Address + path, "--otlp-protocol", "http/protobuf");

        var request = await receiver.WaitFor(TimeSpan.FromSeconds(5), "kerjasama.months", "kerjasama.month.duration", Telemetry.OrleansMeter);
        Assert.Equal(posted, request.Path);
        Assert.Equal("application/x-protobuf", request.ContentType);
    }

    [Fact]
    public async Task Run_on_the_embedded_silo_exports_with_grpc_to_a_grpc_receiver()
    {
        using var receiver = new OtlpGrpcReceiver();
        // Any port but 4318 means gRPC when no protocol is given.
        await RunSayingWhere($"OTLP (grpc) to {receiver.Address}/", "--otlp", receiver.Address);

        var request = await receiver.WaitFor(TimeSpan.FromSeconds(5), "kerjasama.months", "kerjasama.month.duration", Telemetry.OrleansMeter);
        Assert.Equal("/opentelemetry.proto.collector.metrics.v1.MetricsService/Export", request.Path);
        Assert.Equal("application/grpc", request.ContentType);
        Assert.Equal(0, request.Body[0]); // a gRPC frame: not compressed, then the message's length
        Assert.Equal(request.Body.Length - 5, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(request.Body.AsSpan(1)));
    }

    /// <summary>`run` as users run it (default output), checking that it says where the metrics went, just above the run folder.</summary>
    private async Task RunSayingWhere(string target, params string[] options)
    {
        var run = await _cli.Run(["run", Scenario, "--months", "3", "--replications", "2", .. options, "--out", _cli.PathOf("run")]);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Benefit by region, cumulative (Rp million)", run.Out);
        Assert.Contains($"Metrics: {target} (the last values are sent as the silo stops).\nRun folder: {_cli.PathOf("run")}", run.Out);
    }

    [Fact]
    public async Task Compare_on_the_embedded_silo_exports_and_says_where()
    {
        using var receiver = new OtlpHttpReceiver();
        var compare = await _cli.Run("compare", Scenario, "--months", "3", "--replications", "2", "--otlp", receiver.Address, "--otlp-protocol", "http/protobuf",
            "--out", _cli.PathOf("cmp"));
        Assert.True(compare.ExitCode == 0, compare.Error);
        Assert.Contains($"Metrics: OTLP (http/protobuf) to {receiver.Address}/v1/metrics (the last values are sent as the silo stops).\nComparison folder: {_cli.PathOf("cmp")}", compare.Out);
        await receiver.WaitFor(TimeSpan.FromSeconds(5), "kerjasama.months", Telemetry.OrleansMeter);
    }

    [Fact]
    public async Task Serve_exports_its_silos_metrics_and_says_where()
    {
        using var receiver = new OtlpHttpReceiver();
        await using var serve = await KerjasamaGraph.Tests.Web.ServeProcess.StartAsync(null, "--otlp", receiver.Address, "--otlp-protocol", "http/protobuf");
        // What was measured is sent when the server stops (as a service manager stops it).
        Assert.True(await serve.TerminateAsync(TimeSpan.FromSeconds(30)), serve.Output);
        // Printed under the address (checked once the program has ended: the ready line alone is what StartAsync waits for).
        Assert.Contains($"Simulations run on the Orleans silo inside this program. Press Ctrl+C to stop.\nMetrics: OTLP (http/protobuf) to {receiver.Address}/v1/metrics", serve.Output);
        var request = await receiver.WaitFor(TimeSpan.FromSeconds(5), Telemetry.OrleansMeter);
        Assert.Equal("/v1/metrics", request.Path);
        Assert.Contains("kerjasama", Encoding.UTF8.GetString(request.Body)); // the service name of the resource
    }

    [Fact]
    public async Task Serve_refuses_a_bad_protocol_with_one_line()
    {
        var r = await BuiltProgram.Run(BuiltProgram.Client, ["serve", "--port", "0", "--otlp-protocol", "udp"], Path.GetTempPath(), TimeSpan.FromMinutes(1));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("--otlp-protocol (Kerjasama:Telemetry:OtlpProtocol): 'udp' is not an OTLP protocol (grpc or http/protobuf)", Assert.Single(r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task A_bad_protocol_is_one_line_and_exit_2_on_the_silo()
    {
        var r = await BuiltProgram.Run(BuiltProgram.Silo, ["--otlp", "http://127.0.0.1:4318", "--otlp-protocol", "udp"], Path.GetTempPath(), TimeSpan.FromMinutes(1));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("--otlp-protocol (Kerjasama:Telemetry:OtlpProtocol): 'udp' is not an OTLP protocol (grpc or http/protobuf)", Assert.Single(r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task A_bad_standard_protocol_variable_is_one_line_and_exit_2_on_the_silo()
    {
        var r = await BuiltProgram.Run(BuiltProgram.Silo, [], Path.GetTempPath(), TimeSpan.FromMinutes(1),
            new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4318", ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/json" });
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' is not an OTLP protocol (grpc or http/protobuf)", Assert.Single(r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Theory]
    [InlineData("--otlp-protocol", "udp", "--otlp-protocol (Kerjasama:Telemetry:OtlpProtocol): 'udp' is not an OTLP protocol (grpc or http/protobuf)")]
    [InlineData("--otlp", "localhost:4317", "--otlp (Kerjasama:Telemetry:Otlp): 'localhost:4317' is not an http or https URI (e.g. http://localhost:4317)")]
    [InlineData("--otlp-protocol-alone", "udp", "--otlp-protocol (Kerjasama:Telemetry:OtlpProtocol): 'udp' is not an OTLP protocol (grpc or http/protobuf)")]
    public async Task Bad_options_of_run_are_one_line_and_exit_2(string option, string value, string message)
    {
        // A bad protocol is refused with an endpoint and without one (it was ignored when no endpoint was set).
        var args = option switch
        {
            "--otlp" => new[] { option, value },
            "--otlp-protocol-alone" => ["--otlp-protocol", value],
            _ => [option, value, "--otlp", "http://127.0.0.1:4318"],
        };
        var r = await _cli.Run(["run", Scenario, "--months", "1", "--out", _cli.PathOf("bad"), .. args]);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(message, Assert.Single(r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.False(Directory.Exists(_cli.PathOf("bad")));
    }

    [Theory]
    [InlineData("--connect", "127.0.0.1:30000", "--otlp: with --connect the cluster's silos export the metrics (start them with kerjasama-silo --otlp)")]
    [InlineData("--engine", "reference", "--otlp needs --engine orleans (the reference engine has no silo to measure)")]
    public async Task Otlp_of_run_needs_an_embedded_silo(string option, string value, string message)
    {
        var r = await _cli.Run("run", Scenario, "--months", "1", "--otlp", "http://127.0.0.1:4318", option, value, "--out", _cli.PathOf("bad"));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(message, Assert.Single(r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Theory]
    // Neither protocol setting: port 4318 is http/protobuf (the metrics path added to an endpoint without one), any other gRPC.
    [InlineData("Kerjasama:Telemetry:Otlp=http://collector:4318", "http/protobuf", "http://collector:4318/v1/metrics")]
    [InlineData("Kerjasama:Telemetry:Otlp=http://collector:4317", "grpc", "http://collector:4317/")]
    [InlineData("Kerjasama:Telemetry:Otlp=http://collector:9000;Kerjasama:Telemetry:OtlpProtocol=http/protobuf", "http/protobuf", "http://collector:9000/v1/metrics")]
    [InlineData("Kerjasama:Telemetry:Otlp=http://collector:4318;OTEL_EXPORTER_OTLP_PROTOCOL=grpc", "grpc", "http://collector:4318/")]
    // The project's key wins over the standard variable.
    [InlineData("Kerjasama:Telemetry:Otlp=http://collector:4318;Kerjasama:Telemetry:OtlpProtocol=grpc;OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf", "grpc", "http://collector:4318/")]
    // A path of the project's key is used as given; the standard variable is a base URL, the metrics path always added.
    [InlineData("Kerjasama:Telemetry:Otlp=http://collector:4318/otlp/v1/metrics", "http/protobuf", "http://collector:4318/otlp/v1/metrics")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318/otlp/;OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf", "http/protobuf", "http://collector:4318/otlp/v1/metrics")]
    public void The_target_follows_the_settings(string settings, string protocol, string endpoint)
    {
        var values = settings.Split(';').Select(s => s.Split('=', 2)).ToDictionary(p => p[0], p => (string?)p[1]);
        var target = Telemetry.Target(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        Assert.NotNull(target);
        Assert.Equal(protocol, target.ProtocolName);
        Assert.Equal(protocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf, target.Protocol);
        Assert.Equal(endpoint, target.Endpoint.ToString());
    }

    [Fact]
    public void Without_an_endpoint_nothing_is_exported()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Kerjasama:Telemetry:OtlpProtocol"] = "grpc" }).Build();
        Assert.Null(Telemetry.Target(configuration));
    }
}
