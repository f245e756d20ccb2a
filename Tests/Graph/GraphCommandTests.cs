using System.Text.Json;
using KerjasamaGraph.Client;
using KerjasamaGraph.Model.Scenarios;
using Xunit;

namespace KerjasamaGraph.Tests.Graph;

/// <summary>The metrics, export and import commands run in-process: exit codes, files, one-line errors.</summary>
[Collection("cli")]
public sealed class GraphCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kg-cli-");

    public void Dispose() => _dir.Delete(true);

    private string P(string name) => Path.Combine(_dir.FullName, name);

    private string Scenario()
    {
        var path = P("gen.yaml");
        File.WriteAllText(path, ScenarioYamlWriter.ToYaml(ScenarioGenerator.Generate(30, 3)));
        return path;
    }

    private static (int Code, string Error) Run(params string[] args)
    {
        var err = new StringWriter();
        var old = Console.Error;
        Console.SetError(err);
        try { return (KerjasamaApp.RunAsync(args).GetAwaiter().GetResult(), err.ToString()); }
        finally { Console.SetError(old); }
    }

    [Fact]
    public void Metrics_writes_json_and_csv_tables()
    {
        var scenario = Scenario();
        var (code, error) = Run("metrics", scenario, "--format", "json", "--out", P("m.json"));
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(File.ReadAllText(P("m.json")));
        Assert.True(doc.RootElement.GetProperty("graph").GetProperty("nodes").GetInt32() >= 30);
        Assert.True(doc.RootElement.GetProperty("nodes")[0].TryGetProperty("betweenness", out _));

        (code, error) = Run("metrics", scenario, "--layer", "borders", "--weight", "border_km", "--out", P("m.csv"));
        Assert.True(code == 0, error);
        Assert.StartsWith("node,label,kind,degree,strength,betweenness,closeness,eigenvector,pagerank,clustering,clustering_weighted,core_number,community", File.ReadAllText(P("m.csv")));
        Assert.StartsWith("metric,value\nnodes,30", File.ReadAllText(P("m.graph.csv")));
    }

    [Fact]
    public void Usage_and_input_errors_exit_2_with_one_line()
    {
        var scenario = Scenario();
        var (code, error) = Run("metrics", P("missing.yaml"));
        Assert.Equal(2, code);
        Assert.Equal($"{P("missing.yaml")}: file not found", error.Trim());

        (code, error) = Run("metrics", scenario, "--weight", "colour");
        Assert.Equal(2, code);
        Assert.Contains("--weight colour: no edge has a numeric attribute 'colour'", error);

        (code, error) = Run("metrics", scenario, "--at", "2023-13");
        Assert.Equal(2, code);
        Assert.Equal("--at: '2023-13' is not a month YYYY-MM", error.Trim());

        (code, _) = Run("export", scenario, "--format", "graphml", "--out", P("g.graphml"));
        Assert.Equal(0, code);
        (code, error) = Run("export", scenario, "--format", "graphml", "--out", P("g.graphml"));
        Assert.Equal(2, code);
        Assert.Equal($"{P("g.graphml")}: file already exists; choose another --out", error.Trim());
    }

    [Fact]
    public void Export_then_import_gives_a_scenario_that_loads()
    {
        var scenario = Scenario();
        foreach (var format in new[] { "graphml", "gexf", "gml", "dot", "json" })
        {
            var (c, e) = Run("export", scenario, "--format", format, "--out", P("net." + format));
            Assert.True(c == 0, $"{format}: {e}");
            Assert.True(new FileInfo(P("net." + format)).Length > 0);
        }
        var (code, error) = Run("export", scenario, "--format", "csv", "--out", P("net"));
        Assert.True(code == 0, error);
        Assert.True(File.Exists(P("net.nodes.csv")) && File.Exists(P("net.edges.csv")));

        (code, error) = Run("import", P("net.graphml"), "--out", P("imported.yaml"));
        Assert.True(code == 0, error);
        var loaded = ScenarioLoader.Load(P("imported.yaml"));
        Assert.True(loaded.Errors.Count == 0, string.Join("\n", loaded.Errors));
        Assert.Equal(30, loaded.Scenario!.Regions.Count);

        (code, error) = Run("metrics", P("net.graphml"), "--format", "json", "--out", P("net-metrics.json"));
        Assert.True(code == 0, error);
    }

    [Fact]
    public void A_real_run_folder_gives_over_time_metrics_and_a_dynamic_gexf_networkx_reads()
    {
        var scenario = Scenario();
        var (code, error) = Run("run", scenario, "--engine", "reference", "--months", "12", "--replications", "3", "--out", P("run"), "--quiet");
        Assert.True(code == 0, error);

        (code, error) = Run("metrics", P("run"), "--over-time", "--out", P("over-time.csv"));
        Assert.True(code == 0, error);
        var lines = File.ReadAllLines(P("over-time.csv"));
        Assert.Equal("month,node,metric,value", lines[0]);
        Assert.Equal(12, lines.Skip(1).Select(l => l[..7]).Distinct().Count());

        (code, error) = Run("export", P("run"), "--format", "gexf", "--out", P("run.gexf"));
        Assert.True(code == 0, error);
        const string script = """
import json, sys
import networkx as nx
G = nx.read_gexf(sys.argv[1])
node = next(iter(G.nodes))
print(json.dumps({"mode": G.graph.get("mode"), "nodes": G.number_of_nodes(),
                  "benefit": len(G.nodes[node].get("benefit", [])), "betweenness": len(G.nodes[node].get("betweenness", []))}))
""";
        var read = Support.PythonNetworkX.RunJsonWith(Support.PythonNetworkX.PythonForFiles, script, P("run.gexf"));
        Assert.Equal("dynamic", read.GetProperty("mode").GetString());
        Assert.True(read.GetProperty("benefit").GetInt32() >= 1);
        Assert.True(read.GetProperty("betweenness").GetInt32() >= 1);
    }
}
