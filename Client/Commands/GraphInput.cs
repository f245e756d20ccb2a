using KerjasamaGraph.Model.Graph;
using KerjasamaGraph.Model.Graph.Dynamics;
using KerjasamaGraph.Model.Graph.Import;
using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Client.Commands;

/// <summary>
/// What the graph commands read: a scenario file, a run folder (its manifest names the scenario), or an external
/// network (GraphML, or CSV node and edge tables).
/// </summary>
public sealed class GraphInput
{
    public required string Path { get; init; }
    public Scenario? Scenario { get; init; }
    public RunTables? Run { get; init; }
    public ImportedNetwork? Network { get; init; }

    public bool IsNetwork => Network is not null;

    /// <summary>The FILE of <paramref name="settings"/>, with its --variant applied to a scenario.</summary>
    public static GraphInput Load(GraphInputSettings settings)
    {
        var (path, variant) = (settings.File, settings.Variant);
        try
        {
            if (RunTables.IsRunFolder(path))
            {
                var run = RunTables.Read(path);
                var (scenario, _) = ScenarioInput.Load(run.ScenarioPath, variant ?? run.Variant);
                return new GraphInput { Path = path, Scenario = scenario, Run = run };
            }
            if (Directory.Exists(path)) throw new InputException($"{path}: a folder without manifest.json is not a run folder");
            var ext = System.IO.Path.GetExtension(path).ToLowerInvariant();
            if (ext is ".graphml" or ".xml") return new GraphInput { Path = path, Network = GraphMLReader.Read(path) };
            if (ext == ".csv" || !File.Exists(path) && File.Exists(path + ".edges.csv")) return new GraphInput { Path = path, Network = CsvNetworkReader.Read(path) };
            var (s, _) = ScenarioInput.Load(path, variant);
            return new GraphInput { Path = path, Scenario = s };
        }
        catch (GraphInputException e)
        {
            throw new InputException(e.Message);
        }
    }

    /// <summary>Graph options from the command line: --layer, --type, --shared-service.</summary>
    public static CooperationGraphOptions Options(GraphInputSettings settings)
    {
        var (layer, types, sharedService) = (settings.Layer, settings.Type, settings.SharedService);
        var options = new CooperationGraphOptions();
        if (layer is not null)
        {
            options = options with
            {
                Layer = layer switch
                {
                    "borders" => GraphLayer.Borders,
                    "agreements" => GraphLayer.Agreements,
                    "all" => GraphLayer.All,
                    _ => throw new InputException($"--layer: '{layer}' is not borders, agreements or all"),
                },
            };
        }
        if (types is not null)
        {
            var set = new HashSet<AgreementType>();
            foreach (var t in types.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                set.Add(t switch
                {
                    "shared_service" => AgreementType.SharedService,
                    "food_supply" => AgreementType.FoodSupply,
                    "knowledge" => AgreementType.Knowledge,
                    "funding" => AgreementType.Funding,
                    _ => throw new InputException($"--type: '{t}' is not shared_service, food_supply, knowledge or funding"),
                });
            }
            options = options with { Types = set, Layer = layer is null ? GraphLayer.Agreements : options.Layer };
        }
        if (sharedService is not null)
        {
            options = options with
            {
                SharedService = sharedService switch
                {
                    "clique" => SharedServiceExpansion.Clique,
                    "star" => SharedServiceExpansion.Star,
                    _ => throw new InputException($"--shared-service: '{sharedService}' is not clique or star"),
                },
            };
        }
        return options;
    }

    /// <summary>The month schedule: the run's months, or the dates the scenario fixes.</summary>
    public ActivitySchedule Schedule() => Run is not null ? ActivitySchedule.FromRun(Run) : ActivitySchedule.FromScenario(Scenario!);

    /// <summary>
    /// The graph to measure or export. A network file as it is; a scenario's planned network (every agreement),
    /// or its agreements active at <paramref name="at"/>; a run folder's network of one month (<paramref name="at"/>,
    /// else the last month of the run).
    /// </summary>
    public CooperationGraph Graph(CooperationGraphOptions options, YearMonth? at)
    {
        try
        {
            if (Network is not null) return Network.ToGraph();
            if (at is null && Run is null) return CooperationGraphBuilder.Build(Scenario!, options);
            var schedule = Schedule();
            if (schedule.Months.Count == 0) throw new InputException($"{Path}: the run has no months");
            var month = at ?? schedule.Months[^1].Month;
            var state = schedule.Months.FirstOrDefault(m => m.Month == month)
                ?? throw new InputException($"--at {month}: outside the {(Run is not null ? "run" : "scenario")} ({schedule.Months[0].Month} to {schedule.Months[^1].Month})");
            var graph = CooperationGraphBuilder.Build(Scenario!, options with { ActiveAgreements = state.Active });
            graph.Attributes["month"] = month.ToString();
            return graph;
        }
        catch (GraphInputException e)
        {
            throw new InputException($"{Path}: {e.Message}");
        }
    }

    /// <summary>Refuses layer and type options on an external network, whose edges are not scenario relations.</summary>
    public void RequireScenario(string what)
    {
        if (Network is not null) throw new InputException($"{Path}: {what} needs a scenario or a run folder, not an external network (import it first: kerjasama import)");
    }

    /// <summary>Refuses, before any work, output files that exist already (outputs are never overwritten).</summary>
    public static void RefuseExisting(params string?[] paths)
    {
        var existing = paths.Where(p => p is not null && (File.Exists(p) || Directory.Exists(p))).ToArray();
        if (existing.Length > 0) throw new InputException(existing.Select(p => $"{p}: {(Directory.Exists(p) ? "a folder" : "file")} already exists; choose another --out").ToArray());
    }

    public static YearMonth? Month(string? text, string option) =>
        text is null ? null : YearMonth.TryParse(text, out var m) ? m : throw new InputException($"{option}: '{text}' is not a month YYYY-MM");
}
