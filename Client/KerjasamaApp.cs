using KerjasamaGraph.Client.Commands;
using KerjasamaGraph.Client.Presentation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KerjasamaGraph.Client;

/// <summary>The `kerjasama` command line: commands, help, and the mapping of failures to exit codes.</summary>
public static class KerjasamaApp
{
    /// <summary>Set to 1 to print the stack trace of an internal error.</summary>
    public const string DebugVariable = "KERJASAMA_DEBUG";

    private static readonly AsyncLocal<CancellationToken> Cancellation = new();
    private static readonly AsyncLocal<string[]> Arguments = new();

    /// <summary>The command line of the running command, as a user would type it (recorded in manifests and briefs).</summary>
    public static string CommandLine() => CommandLine(Arguments.Value ?? []);

    /// <summary>A command line as a user would type it, arguments with spaces quoted.</summary>
    public static string CommandLine(IEnumerable<string> args) =>
        "kerjasama " + string.Join(' ', args.Select(a => a.Length == 0 || a.Any(char.IsWhiteSpace) ? $"\"{a}\"" : a));

    /// <summary>The arguments of the running command.</summary>
    public static IReadOnlyList<string> CurrentArguments => Arguments.Value ?? [];

    /// <summary>
    /// The caller's cancellation (Ctrl+C in the program) combined with the token a command receives, so commands
    /// stop cleanly however they are started.
    /// </summary>
    public static CancellationTokenSource Link(CancellationToken commandToken) =>
        CancellationTokenSource.CreateLinkedTokenSource(commandToken, Cancellation.Value);

    /// <summary>A command: its name, description, help examples (which the tests run as written) and how to add it.</summary>
    public sealed record CommandInfo(string Name, string Description, Type Settings, IReadOnlyList<string[]> Examples, Action<IConfigurator, CommandInfo> Adder)
    {
        public void Add(IConfigurator config) => Adder(config, this);
    }

    /// <summary>Every command, in the order the help lists them.</summary>
    public static readonly IReadOnlyList<CommandInfo> CommandList =
    [
        Describe<RunCommand>("run", "Simulate a scenario month by month and write a run folder (regions.csv, agreements.csv, summary.csv, manifest.json).",
            ["run", "scenarios/jambi-batanghari-2023.yaml"],
            ["run", "scenarios/jambi-one-gate.yaml", "--variant", "no-one-gate", "--replications", "16", "--silos", "3"],
            ["run", "scenarios/jambi-inflation-2022.calibrated.yaml", "--out", "runs/inflation"],
            ["run", "scenarios/jambi-batanghari-2023.yaml", "--checkpoint-every", "12", "--out", "runs/batanghari-baseline"],
            ["run", "scenarios/jambi-batanghari-2023.yaml", "--variant", "no-one-gate", "--from", "runs/batanghari-baseline", "--at", "2025-01"]),
        Describe<CompareCommand>("compare", "Run the baseline and variants with common random numbers and report paired differences with 95% intervals.",
            ["compare", "scenarios/jambi-batanghari-2023.yaml", "--variants", "with-muaro-jambi", "--replications", "16", "--out", "runs/batanghari-compare"],
            ["compare", "scenarios/jambi-one-gate.yaml", "--variants", "no-one-gate", "--by", "agreements_active"]),
        Describe<BriefCommand>("brief", "Write a policy brief (self-contained HTML and Markdown, charts as PNG and SVG) from a run or comparison folder.",
            ["brief", "runs/batanghari-compare", "--lang", "id"],
            ["brief", "runs/inflation"]),
        Describe<SweepCommand>("sweep", "Run a scenario over a design of parameter points (factorial, Latin hypercube, Morris), streaming results to points.csv.",
            ["sweep", "scenarios/jambi-one-gate.yaml", "--param", "policies.one_gate.review_capacity=1..8:4", "--param", "policies.one_gate.quality_threshold=-1e7..1e7:2"],
            ["sweep", "scenarios/jambi-batanghari-2023.yaml", "--design", "morris", "--samples", "3", "--param", "parameters.spillover_rate=0.1..0.5", "--param", "parameters.knowledge_rate=0.01..0.1"]),
        Describe<ValidateCommand>("validate", "Check a scenario file; prints every error as FILE:LINE:COLUMN: field: message.",
            ["validate", "scenarios/jambi-province.yaml"]),
        Describe<CalibrateCommand>("calibrate", "Fit parameters to an observed month-on-month inflation series and write an overlay the scenario can extend.",
            ["calibrate", "scenarios/jambi-inflation-2022.yaml", "--observed", "data/kota-jambi-cpi-2022.csv", "--region", "kota-jambi",
                "--window", "2022-01..2022-12", "--params", "chili.price_response,chili.mean_reversion,non_food_trend", "--starts", "2", "--out", "scenarios/jambi-inflation-2022.refit.yaml"]),
        Describe<GenerateCommand>("generate", "Write a synthetic scenario of N regions for scale tests: one YAML file, or a folder of YAML and tables.",
            ["generate", "--regions", "514", "--seed", "7", "--out", "big.yaml"],
            ["generate", "--regions", "20000", "--out", "villages", "--tables", "parquet"]),
        Describe<BenchCommand>("bench", "Time both engines on generated scenarios and print wall time, ratio, grain calls per tick and peak memory.",
            ["bench", "--regions", "50", "--months", "12", "--lanes", "4"],
            ["bench", "--regions", "100", "--months", "12", "--lanes", "4", "--engines", "orleans", "--silos", "1", "--cluster", "3"]),
        Describe<MetricsCommand>("metrics", "Centralities, clustering, cores, communities and graph statistics of the cooperation network, matching NetworkX (docs/graph-metrics.md).",
            ["metrics", "scenarios/jambi-province.yaml", "--layer", "agreements", "--format", "json"],
            ["metrics", "runs/inflation", "--over-time", "--out", "centrality.csv"]),
        Describe<ExportCommand>("export", "Write the network as GraphML, GEXF (dynamic for run folders), GML, DOT, node-link JSON or CSV tables for NetworkX, igraph, Gephi, Cytoscape and pandas.",
            ["export", "runs/inflation", "--format", "gexf", "--out", "jambi.gexf"],
            ["export", "scenarios/jambi-batanghari-2023.yaml", "--format", "graphml", "--out", "batanghari.graphml"]),
        Describe<ImportCommand>("import", "Turn an external network (GraphML, or CSV node and edge tables) into a scenario file.",
            ["import", "batanghari.graphml", "--out", "batanghari-imported.yaml"]),
        Describe<ServeCommand>("serve", "Start the web app for planners and the HTTP API (with an Orleans silo inside, or --connect to a cluster); prints the address to open.",
            ["serve", "--port", "8080"],
            ["serve", "--port", "8081", "--max-runs", "4", "--runs", "runs/web"]),
    ];

    /// <summary>Every command with its settings type, in the order the help lists them.</summary>
    public static IReadOnlyDictionary<string, Type> Commands { get; } = CommandList.ToDictionary(c => c.Name, c => c.Settings, StringComparer.Ordinal);

    /// <summary>
    /// Runs the command line. <paramref name="console"/> is where tables, progress and messages go (default: standard
    /// output; see <see cref="Terminal"/>); errors go to standard error, one line per problem.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default, IAnsiConsole? console = null)
    {
        Cancellation.Value = cancellationToken;
        Arguments.Value = args;
        console ??= Terminal.ForStandardOutput();
        // Commands take the console by injection; the few that write through the static console reach the same one.
        AnsiConsole.Console = console;
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.ConfigureConsole(console);
            config.SetApplicationName("kerjasama");
            config.SetApplicationVersion(RunCommand.ProgramVersion());
            config.SetHelpProvider(new PlainTextHelpProvider(config.Settings));
            // An option the command does not have is an error, not an argument quietly passed on.
            config.UseStrictParsing();
            foreach (var command in CommandList) command.Add(config);
            config.SetExceptionHandler((exception, _) => Report(exception, args));
            config.CancellationExitCode(ExitCodes.Failure);
        });
        if (args.Length == 0)
        {
            // No command: the usage, and exit 2 like any other usage error.
            await app.RunAsync(["--help"], cancellationToken);
            Console.Error.WriteLine("kerjasama: name a command, e.g. kerjasama run scenarios/jambi-batanghari-2023.yaml (see the list above)");
            return ExitCodes.InputError;
        }
        return await app.RunAsync(args, cancellationToken);
    }

    private static CommandInfo Describe<TCommand>(string name, string description, params string[][] examples) where TCommand : class, ICommand =>
        new(name, description, SettingsType(typeof(TCommand)), examples, (config, info) =>
        {
            var command = config.AddCommand<TCommand>(info.Name).WithDescription(info.Description);
            foreach (var example in info.Examples) command.WithExample(example);
        });

    private static Type SettingsType(Type command)
    {
        for (var t = command; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericArguments() is [var settings] && typeof(Spectre.Console.Cli.CommandSettings).IsAssignableFrom(settings)) return settings;
        }
        throw new InvalidOperationException($"{command.Name} has no settings type");
    }

    /// <summary>
    /// One line per problem on standard error. Exit 2 for usage and input errors; 1 for an interruption (saying what
    /// is left on disk), a failure of the machine (a disk that is full, a folder that cannot be written) or an
    /// internal error, whose stack trace is printed when <see cref="DebugVariable"/> is 1.
    /// </summary>
    public static int Report(Exception exception, IReadOnlyList<string>? args = null)
    {
        if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate) exception = aggregate.InnerExceptions[0];
        var error = Console.Error;
        switch (exception)
        {
            case InputException input:
                foreach (var line in input.Lines) error.WriteLine(line);
                return ExitCodes.InputError;
            case Model.Graph.GraphInputException graph:
                error.WriteLine(graph.Message);
                return ExitCodes.InputError;
            case CommandRuntimeException parse:
                error.WriteLine("kerjasama: " + OptionMessages.Explain(parse, args ?? CurrentArguments, Commands));
                return ExitCodes.InputError;
            case CommandInterruptedException interrupted:
                error.WriteLine("kerjasama: interrupted; " + interrupted.WhatIsLeft);
                return ExitCodes.Failure;
            case CommandFailedException failed:
                error.WriteLine("kerjasama: " + failed.Message);
                return ExitCodes.Failure;
            case OperationCanceledException:
                error.WriteLine("kerjasama: interrupted; nothing was written");
                return ExitCodes.Failure;
            case IOException or UnauthorizedAccessException:
                error.WriteLine($"kerjasama: {exception.Message}");
                if (Debugging) error.WriteLine(exception);
                return ExitCodes.Failure;
            case Orleans.Runtime.SiloUnavailableException or Orleans.Runtime.OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException or TimeoutException:
                // The machine or the cluster failed, not the program.
                error.WriteLine($"kerjasama: the Orleans cluster did not answer: {exception.Message}");
                if (Debugging) error.WriteLine(exception);
                return ExitCodes.Failure;
            default:
                error.WriteLine($"kerjasama: internal error: {exception.GetType().Name}: {exception.Message}");
                error.WriteLine(Debugging
                    ? exception.ToString()
                    : $"kerjasama: this is a bug; please report it with the command line (set {DebugVariable}=1 to print the stack trace)");
                return ExitCodes.Failure;
        }
    }

    private static bool Debugging => Environment.GetEnvironmentVariable(DebugVariable) is "1" or "true";
}
