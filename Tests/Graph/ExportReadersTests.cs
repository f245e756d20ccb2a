using System.Text;
using KerjasamaGraph.Model.Graph;
using KerjasamaGraph.Model.Graph.Export;
using KerjasamaGraph.Tests.Cli;
using KerjasamaGraph.Tests.Graph.Support;
using Xunit;

namespace KerjasamaGraph.Tests.Graph;

/// <summary>
/// The readers researchers actually have: Debian 12's NetworkX 2.8 (/usr/bin/python3), which knows GEXF 1.1draft and
/// 1.2draft only, and python-igraph 0.10, which warns about GML entities it does not know.
/// </summary>
[Collection("cli")]
public sealed class ExportReadersTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>Debian's python3 with its NetworkX (installed by .ci/install-test-deps when missing).</summary>
    private static string DebianPython()
    {
        const string python = "/usr/bin/python3";
        var (code, _) = PythonNetworkX.RunProcess(python, ["-c", "import networkx, igraph"], TimeSpan.FromMinutes(1));
        if (code != 0 && PythonNetworkX.FindUp(".ci/install-test-deps") is { } install)
        {
            PythonNetworkX.RunProcess("bash", [install], TimeSpan.FromMinutes(10));
        }
        return python;
    }

    private const string ReadGexf = """
import json, sys
import networkx as nx
G = nx.read_gexf(sys.argv[1])
spells = {"|".join(sorted((u, v))): d.get("spells") for u, v, d in G.edges(data=True) if d.get("spells")}
print(json.dumps({
  "networkx": nx.__version__,
  "mode": G.graph.get("mode"),
  "nodes": G.number_of_nodes(),
  "edges": G.number_of_edges(),
  "labels": sorted(d.get("label", "") for _, d in G.nodes(data=True)),
  "spells": len(spells),
  "series": sum(1 for _, d in G.nodes(data=True) if isinstance(d.get("benefit"), list)),
}))
""";

    [Fact]
    public async Task Gexf_is_1_2draft_by_default_and_networkx_2_reads_a_run_folder_s_dynamic_file()
    {
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario);
        var run = _cli.PathOf("run");
        Assert.Equal(0, (await _cli.Run("run", file, "--engine", "reference", "--out", run, "--quiet")).ExitCode);
        var path = _cli.PathOf("run.gexf");
        var export = await _cli.Run("export", run, "--format", "gexf", "--out", path);
        Assert.True(export.ExitCode == 0, export.Error);
        var xml = File.ReadAllText(path);
        Assert.Contains("xmlns=\"http://www.gexf.net/1.2draft\"", xml);
        Assert.Contains("version=\"1.2\"", xml);
        Assert.DoesNotContain("timerepresentation", xml);

        var python = DebianPython();
        var read = PythonNetworkX.RunJsonWith(python, ReadGexf, path);
        Assert.Equal("dynamic", read.GetProperty("mode").GetString());
        Assert.Equal(5, read.GetProperty("nodes").GetInt32());        // four regions and the partner that funds
        Assert.True(read.GetProperty("spells").GetInt32() > 0, read.ToString());
        Assert.Equal(4, read.GetProperty("series").GetInt32());       // every region has its benefit month by month
        Assert.Contains("Kota", read.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task Gexf_1_3_on_request_reads_in_networkx_3_and_is_refused_for_other_formats()
    {
        var file = _cli.Write("small.yaml", CliHarness.SmallScenario);
        var path = _cli.PathOf("static.gexf");
        var export = await _cli.Run("export", file, "--format", "gexf", "--gexf-version", "1.3", "--out", path);
        Assert.True(export.ExitCode == 0, export.Error);
        var xml = File.ReadAllText(path);
        Assert.Contains("xmlns=\"http://gexf.net/1.3\"", xml);
        Assert.Contains("version=\"1.3\"", xml);
        var read = PythonNetworkX.RunJsonWith(PythonNetworkX.PythonForFiles, ReadGexf, path);
        var networkx = read.GetProperty("networkx").GetString()!;
        if (int.Parse(networkx[..networkx.IndexOf('.')], System.Globalization.CultureInfo.InvariantCulture) >= 3)
        {
            Assert.Equal("static", read.GetProperty("mode").GetString());
            Assert.Equal(5, read.GetProperty("nodes").GetInt32());
        }

        Assert.Equal(2, (await _cli.Run("export", file, "--format", "gexf", "--gexf-version", "2.0", "--out", _cli.PathOf("x.gexf"))).ExitCode);
        Assert.Equal(2, (await _cli.Run("export", file, "--format", "graphml", "--gexf-version", "1.3", "--out", _cli.PathOf("x.graphml"))).ExitCode);
        Assert.False(File.Exists(_cli.PathOf("x.gexf")));
    }

    private const string ReadGmlBoth = """
import json, sys, warnings
import igraph
import networkx as nx
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    g = igraph.Graph.Read_GML(sys.argv[1])
G = nx.read_gml(sys.argv[1])
print(json.dumps({
  "warnings": [str(w.message) for w in caught],
  "igraph_names": sorted(g.vs["name"]),
  "networkx_names": sorted(d["name"] for _, d in G.nodes(data=True)),
}))
""";

    public static TheoryData<string> GmlSources() => ["test graph", "scenarios/kota-jambi-international.yaml", "scenarios/jambi-province.yaml"];

    [Theory]
    [MemberData(nameof(GmlSources))]
    public void Gml_reads_in_igraph_without_warnings_and_in_networkx_with_the_same_names(string source)
    {
        CooperationGraph graph;
        if (source == "test graph")
        {
            var scenario = GraphScenarios.Jambi();
            // Accents, typographic dashes and quotes, a non-breaking space, symbols: every kind of text a name may hold.
            scenario = scenario with
            {
                Regions = [.. scenario.Regions.Select((r, i) => i == 2 ? r with { Name = "Batang Hari – “Sungai” Dépôt\u00a0±2 km² → ≈" } : r)],
            };
            graph = CooperationGraphBuilder.Build(scenario);
        }
        else
        {
            var path = PythonNetworkX.FindUp(source)!;
            var loaded = Model.Scenarios.ScenarioLoader.Load(path, null);
            Assert.True(loaded.Ok);
            graph = CooperationGraphBuilder.Build(loaded.Scenario!);
        }
        var file = _cli.PathOf("graph.gml");
        using (var w = new StreamWriter(file, false, new UTF8Encoding(false))) GmlWriter.Write(graph, w);
        var bytes = File.ReadAllBytes(file);
        Assert.All(bytes, b => Assert.True(b < 128, "GML is 7-bit ASCII"));

        var read = PythonNetworkX.RunJsonWith(DebianPython(), ReadGmlBoth, file);
        Assert.Empty(read.GetProperty("warnings").EnumerateArray());
        var expected = graph.Nodes.Select(n => GmlWriter.ReadBack(n.Label)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, read.GetProperty("igraph_names").EnumerateArray().Select(n => n.GetString()!).ToList());
        Assert.Equal(expected, read.GetProperty("networkx_names").EnumerateArray().Select(n => n.GetString()!).ToList());
        if (source == "test graph") Assert.Contains("Batang Hari - \"Sungai\" Depot +/-2 km2 -> ~", expected);
    }
}
