using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using KerjasamaGraph.Model.Graph;
using KerjasamaGraph.Model.Graph.Algorithms;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Benchmarks;

/// <summary>
/// Times every metric on G(n, m) and on a generated scenario's cooperation graph, and — in the same run, on the same
/// edge list — NetworkX's and igraph's implementations where a python3 with them is present.
/// </summary>
public static class GraphBenchmark
{
    public sealed record Options(int N, int M, int Regions, ulong Seed, bool Python);

    public static void Run(Options o, TextWriter output)
    {
        var random = RandomGraph(o.N, o.M, o.Seed);
        Measure($"G(n={o.N}, m={o.M})", random, o, output);
        var scenario = ScenarioGenerator.Generate(o.Regions, o.Seed);
        var coop = CooperationGraphBuilder.Build(scenario);
        Measure($"generated scenario, {o.Regions} regions, layer all ({coop.NodeCount} nodes, {coop.EdgeCount} edges)", coop, o, output);
    }

    /// <summary>G(n, m): m distinct undirected edges drawn uniformly (SplitMix64, so the same graph on every machine).</summary>
    public static CooperationGraph RandomGraph(int n, int m, ulong seed)
    {
        var g = new CooperationGraph(false);
        for (var i = 0; i < n; i++) g.AddNode(i.ToString(CultureInfo.InvariantCulture), "", "node");
        var rng = new SplitMix64(seed);
        var added = 0;
        while (added < m)
        {
            int u = rng.NextInt(n), v = rng.NextInt(n);
            if (u == v) continue;
            g.GetOrAddEdge(u.ToString(CultureInfo.InvariantCulture), v.ToString(CultureInfo.InvariantCulture), out var created);
            if (created) added++;
        }
        return g;
    }

    private static void Measure(string title, CooperationGraph graph, Options o, TextWriter output)
    {
        var csr = graph.ToCsr(null);
        var ours = new List<(string, double)>();
        void Time(string name, Action action)
        {
            action(); // warm-up (JIT), then the best of three
            var best = double.MaxValue;
            for (var i = 0; i < 3; i++)
            {
                var sw = Stopwatch.StartNew();
                action();
                best = Math.Min(best, sw.Elapsed.TotalSeconds);
            }
            ours.Add((name, best));
        }
        Time("betweenness", () => Betweenness.Compute(csr));
        Time("closeness", () => Closeness.Compute(csr));
        Time("eigenvector", () => EigenvectorCentrality.Compute(csr, 1000));
        Time("pagerank", () => PageRank.Compute(csr));
        Time("clustering", () => Clustering.Compute(csr, false));
        Time("core_number", () => CoreNumber.Compute(csr));
        Time("louvain", () => Louvain.Compute(csr, 1));
        Time("components", () => Components.Weak(graph));
        Time("diameter+avg_path", () =>
        {
            var comps = Components.Weak(graph);
            var largest = comps.Largest() ?? 0;
            ShortestPathStats.Compute(csr, Enumerable.Range(0, csr.NodeCount).Where(v => comps.Of[v] == largest).ToList());
        });

        var reference = o.Python ? PythonTimes(csr) : new Dictionary<string, Dictionary<string, double?>>();
        output.WriteLine();
        output.WriteLine($"## {title}");
        output.WriteLine($"{"metric",-20} {"ours (s)",10} {"networkx (s)",13} {"igraph (s)",11}");
        foreach (var (name, seconds) in ours)
        {
            string Ref(string lib) => reference.TryGetValue(lib, out var t) && t.TryGetValue(name, out var v) && v is { } x ? x.ToString("F3", CultureInfo.InvariantCulture) : "-";
            output.WriteLine($"{name,-20} {seconds.ToString("F3", CultureInfo.InvariantCulture),10} {Ref("networkx"),13} {Ref("igraph"),11}");
        }
        output.Flush();
    }

    private const string Script = """
import json, sys, time
edges = [tuple(map(int, line.split())) for line in open(sys.argv[1])]
n = int(sys.argv[2])
out = {}
def timed(f):
    t = time.perf_counter(); f(); return time.perf_counter() - t
try:
    import networkx as nx
    G = nx.Graph(); G.add_nodes_from(range(n)); G.add_edges_from(edges)
    r = {}
    r["betweenness"] = timed(lambda: nx.betweenness_centrality(G))
    r["closeness"] = timed(lambda: nx.closeness_centrality(G))
    r["louvain"] = timed(lambda: nx.community.louvain_communities(G, seed=1))
    r["core_number"] = timed(lambda: nx.core_number(G))
    r["clustering"] = timed(lambda: nx.clustering(G))
    try:
        r["pagerank"] = timed(lambda: nx.pagerank(G))
    except ImportError:
        pass
    r["eigenvector"] = timed(lambda: nx.eigenvector_centrality(G, max_iter=1000))
    out["networkx"] = r
except ImportError:
    pass
try:
    import igraph as ig
    g = ig.Graph(n=n, edges=edges)
    r = {}
    r["betweenness"] = timed(lambda: g.betweenness())
    r["closeness"] = timed(lambda: g.closeness())
    r["louvain"] = timed(lambda: g.community_multilevel())
    r["core_number"] = timed(lambda: g.coreness())
    r["clustering"] = timed(lambda: g.transitivity_local_undirected())
    r["pagerank"] = timed(lambda: g.pagerank())
    r["eigenvector"] = timed(lambda: g.eigenvector_centrality())
    r["components"] = timed(lambda: g.connected_components())
    r["diameter+avg_path"] = timed(lambda: (g.diameter(), g.average_path_length()))
    out["igraph"] = r
except ImportError:
    pass
print(json.dumps(out))
""";

    /// <summary>NetworkX and igraph times on the same edge list, from every python3 that has them (the fastest of each library is kept).</summary>
    private static Dictionary<string, Dictionary<string, double?>> PythonTimes(CsrGraph csr)
    {
        var result = new Dictionary<string, Dictionary<string, double?>>();
        var edges = Path.GetTempFileName();
        var script = Path.GetTempFileName() + ".py";
        try
        {
            using (var w = new StreamWriter(edges))
                for (var u = 0; u < csr.NodeCount; u++)
                    foreach (var v in csr.OutNeighbours(u))
                        if (u < v) w.WriteLine($"{u} {v}");
            File.WriteAllText(script, Script);
            foreach (var python in new[] { "/usr/bin/python3", "python3" })
            {
                try
                {
                    var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
                    psi.ArgumentList.Add(script);
                    psi.ArgumentList.Add(edges);
                    psi.ArgumentList.Add(csr.NodeCount.ToString(CultureInfo.InvariantCulture));
                    using var p = Process.Start(psi)!;
                    var stderr = p.StandardError.ReadToEndAsync();
                    var text = p.StandardOutput.ReadToEnd();
                    p.WaitForExit();
                    if (p.ExitCode != 0) continue;
                    using var doc = JsonDocument.Parse(text);
                    foreach (var lib in doc.RootElement.EnumerateObject())
                    {
                        if (!result.TryGetValue(lib.Name, out var times)) result[lib.Name] = times = [];
                        foreach (var t in lib.Value.EnumerateObject())
                        {
                            var s = t.Value.GetDouble();
                            times[t.Name] = times.TryGetValue(t.Name, out var old) && old is { } o && o < s ? o : s;
                        }
                    }
                    break; // one interpreter is enough; /usr/bin/python3 has both when .ci/install-test-deps ran
                }
                catch (System.ComponentModel.Win32Exception) { }
            }
        }
        finally
        {
            File.Delete(edges);
            File.Delete(script);
        }
        return result;
    }
}
