using KerjasamaGraph.Client.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KerjasamaGraph.Client;

/// <summary>The `kerjasama` command line: commands, help, and the mapping of failures to exit codes.</summary>
public static class KerjasamaApp
{
    private static readonly AsyncLocal<CancellationToken> Cancellation = new();
    private static readonly AsyncLocal<string[]> Arguments = new();

    /// <summary>The command line of the running command, as a user would type it (recorded in manifests and briefs).</summary>
    public static string CommandLine() =>
        "kerjasama " + string.Join(' ', (Arguments.Value ?? []).Select(a => a.Length == 0 || a.Any(char.IsWhiteSpace) ? $"\"{a}\"" : a));

    /// <summary>
    /// The caller's cancellation (Ctrl+C in the program) combined with the token a command receives, so commands
    /// stop cleanly however they are started.
    /// </summary>
    public static CancellationTokenSource Link(CancellationToken commandToken) =>
        CancellationTokenSource.CreateLinkedTokenSource(commandToken, Cancellation.Value);

    public static Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        Cancellation.Value = cancellationToken;
        Arguments.Value = args;
        // Bind the console to the current standard output (so output can be redirected, e.g. by tests).
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.ConfigureConsole(AnsiConsole.Console);
            config.SetApplicationName("kerjasama");
            config.SetApplicationVersion(RunCommand.ProgramVersion());
            config.AddCommand<RunCommand>("run")
                .WithDescription("Simulate a scenario month by month and write a run folder (regions.csv, agreements.csv, summary.csv, manifest.json).")
                .WithExample("run", "scenarios/jambi-batanghari-2023.yaml")
                .WithExample("run", "scenarios/jambi-one-gate.yaml", "--variant", "no-one-gate", "--replications", "64", "--silos", "3");
            config.AddCommand<CompareCommand>("compare")
                .WithDescription("Run the baseline and variants with common random numbers and report paired differences with 95% intervals.")
                .WithExample("compare", "scenarios/jambi-batanghari-2023.yaml", "--replications", "32")
                .WithExample("compare", "scenarios/jambi-one-gate.yaml", "--variants", "no-one-gate", "--by", "agreements_active");
            config.AddCommand<BriefCommand>("brief")
                .WithDescription("Write a policy brief (self-contained HTML and Markdown, charts as PNG and SVG) from a run or comparison folder.")
                .WithExample("brief", "runs/jambi-batanghari-2023-compare-20261126-120000", "--lang", "id");
            config.AddCommand<SweepCommand>("sweep")
                .WithDescription("Run a scenario over a design of parameter points (factorial, Latin hypercube, Morris), streaming results to points.csv.")
                .WithExample("sweep", "scenarios/jambi-one-gate.yaml", "--param", "policies.one_gate.review_capacity=1..8:4", "--param", "policies.one_gate.quality_threshold=-1e7..1e7:3")
                .WithExample("sweep", "scenarios/jambi-batanghari-2023.yaml", "--design", "morris", "--samples", "10", "--param", "parameters.spillover_rate=0.1..0.5", "--param", "parameters.knowledge_rate=0.01..0.1");
            config.AddCommand<ValidateCommand>("validate")
                .WithDescription("Check a scenario file; prints every error as FILE:LINE:COLUMN: field: message.")
                .WithExample("validate", "scenarios/jambi-province.yaml");
            config.AddCommand<CalibrateCommand>("calibrate")
                .WithDescription("Fit parameters to an observed month-on-month inflation series and write an overlay the scenario can extend.")
                .WithExample("calibrate", "scenarios/jambi-inflation-2022.yaml", "--observed", "data/kota-jambi-cpi-2022.csv", "--region", "kota-jambi",
                    "--window", "2022-01..2022-12", "--params", "chili.price_response,chili.mean_reversion,non_food_trend");
            config.AddCommand<GenerateCommand>("generate")
                .WithDescription("Write a synthetic scenario of N regions for scale tests.")
                .WithExample("generate", "--regions", "514", "--seed", "7", "--out", "big.yaml");
            config.AddCommand<BenchCommand>("bench")
                .WithDescription("Time both engines on generated scenarios and print wall time, ratio, grain calls per tick and peak memory.")
                .WithExample("bench", "--regions", "100,514,2000", "--months", "120", "--lanes", "64");
            config.AddCommand<MetricsCommand>("metrics")
                .WithDescription("Centralities, clustering, cores, communities and graph statistics of the cooperation network, matching NetworkX (docs/graph-metrics.md).")
                .WithExample("metrics", "scenarios/jambi-province.yaml", "--layer", "agreements", "--format", "json")
                .WithExample("metrics", "runs/jambi-20250101-120000", "--over-time", "--out", "centrality.csv");
            config.AddCommand<ExportCommand>("export")
                .WithDescription("Write the network as GraphML, GEXF (dynamic for run folders), GML, DOT, node-link JSON or CSV tables for NetworkX, igraph, Gephi, Cytoscape and pandas.")
                .WithExample("export", "runs/jambi-20250101-120000", "--format", "gexf", "--out", "jambi.gexf");
            config.AddCommand<ImportCommand>("import")
                .WithDescription("Turn an external network (GraphML, or CSV node and edge tables) into a scenario file.")
                .WithExample("import", "network.graphml", "--map", "node.population=pop,kind.kerjasama=shared_service", "--out", "scenario.yaml");
            config.AddCommand<ServeCommand>("serve")
                .WithDescription("Start the web app for planners and the HTTP API (with an Orleans silo inside, or --connect to a cluster); prints the address to open.")
                .WithExample("serve")
                .WithExample("serve", "--port", "8080", "--connect", "localhost:30000");
            config.SetExceptionHandler((exception, _) => Report(exception));
            config.CancellationExitCode(ExitCodes.Failure);
        });
        return app.RunAsync(args, cancellationToken);
    }

    /// <summary>One line per problem on standard error; exit 2 for usage and input errors, 1 for failures.</summary>
    public static int Report(Exception exception)
    {
        switch (exception)
        {
            case InputException input:
                foreach (var line in input.Lines) Console.Error.WriteLine(line);
                return ExitCodes.InputError;
            case Model.Graph.GraphInputException graph:
                Console.Error.WriteLine(graph.Message);
                return ExitCodes.InputError;
            case CommandParseException or CommandRuntimeException:
                Console.Error.WriteLine($"kerjasama: {exception.Message} (see --help)");
                return ExitCodes.InputError;
            case OperationCanceledException:
                Console.Error.WriteLine("kerjasama: interrupted; no run folder was written");
                return ExitCodes.Failure;
            default:
                Console.Error.WriteLine($"kerjasama: {exception.GetType().Name}: {exception.Message}");
                return ExitCodes.Failure;
        }
    }
}
