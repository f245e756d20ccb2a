using System.Globalization;
using System.Text;
using System.Text.Json;
using KerjasamaGraph.Model.Graph;
using KerjasamaGraph.Model.Graph.Export;
using KerjasamaGraph.Tests.Graph.Support;
using Xunit;

namespace KerjasamaGraph.Tests.Graph;

/// <summary>
/// Every export read back by NetworkX (read_graphml, read_gexf, read_gml, node_link_graph; the CSV tables with
/// Python's csv module into a NetworkX graph) and compared with the source graph: nodes, edges, attributes.
/// </summary>
public sealed class ExportRoundTripTests
{
    internal const string ReadScript = """
import csv, json, sys
import networkx as nx

fmt, path = sys.argv[1], sys.argv[2]

def number(s):
    try:
        return float(s)
    except ValueError:
        return s

if fmt == "graphml":
    G = nx.read_graphml(path)
elif fmt == "gexf":
    G = nx.read_gexf(path)
elif fmt == "gml":
    G = nx.read_gml(path)
elif fmt == "json":
    data = json.load(open(path, encoding="utf-8"))
    try:
        G = nx.node_link_graph(data, edges="edges")
    except TypeError:  # NetworkX < 3.4
        G = nx.node_link_graph(data, link="edges")
elif fmt == "csv":
    edges = list(csv.DictReader(open(path + ".edges.csv", encoding="utf-8", newline="")))
    directed = bool(edges) and edges[0]["Type"] == "Directed"
    G = nx.DiGraph() if directed else nx.Graph()
    for row in csv.DictReader(open(path + ".nodes.csv", encoding="utf-8", newline="")):
        G.add_node(row.pop("Id"), **{k: number(v) for k, v in row.items() if v != ""})
    for row in edges:
        G.add_edge(row.pop("Source"), row.pop("Target"), **{k: number(v) for k, v in row.items() if v != ""})
else:
    raise SystemExit("unknown format " + fmt)

def clean(d):
    return {k: (v if isinstance(v, (int, float, str, bool, list)) or v is None else str(v)) for k, v in d.items()}

print(json.dumps({
    "directed": G.is_directed(),
    "multigraph": G.is_multigraph(),
    "graph": clean(dict(G.graph)),
    "nodes": [[str(n), clean(d)] for n, d in G.nodes(data=True)],
    "edges": [[str(u), str(v), clean(d)] for u, v, d in G.edges(data=True)],
}))
""";

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var format in new[] { "graphml", "gexf", "gml", "json", "csv" })
            foreach (var layer in new[] { "all", "directed" })
                data.Add(format, layer);
        return data;
    }

    private static CooperationGraph Source(string layer) => layer == "directed"
        ? CooperationGraphBuilder.Build(GraphScenarios.Jambi(), new CooperationGraphOptions
        {
            Layer = GraphLayer.Agreements,
            Types = new HashSet<Model.Scenarios.AgreementType> { Model.Scenarios.AgreementType.Knowledge, Model.Scenarios.AgreementType.Funding, Model.Scenarios.AgreementType.FoodSupply },
        })
        : CooperationGraphBuilder.Build(GraphScenarios.Jambi());

    [Theory]
    [MemberData(nameof(Cases))]
    public void Export_reads_back_in_networkx(string format, string layer)
    {
        var graph = Source(layer);
        var dir = Directory.CreateTempSubdirectory("kg-export-");
        try
        {
            var path = Path.Combine(dir.FullName, "graph." + format);
            var fileArg = Write(graph, format, path);
            var read = PythonNetworkX.RunJsonWith(PythonNetworkX.PythonForFiles, ReadScript, format, fileArg);
            Compare(graph, format, read);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    internal static string Write(CooperationGraph graph, string format, string path)
    {
        var utf8 = new UTF8Encoding(false);
        switch (format)
        {
            case "graphml":
                using (var w = new StreamWriter(path, false, utf8)) GraphMLWriter.Write(graph, w);
                return path;
            case "gexf":
                using (var w = new StreamWriter(path, false, utf8)) GexfWriter.Write(graph, w);
                return path;
            case "gml":
                using (var w = new StreamWriter(path, false, utf8)) GmlWriter.Write(graph, w);
                return path;
            case "json":
                using (var s = File.Create(path)) NodeLinkJsonWriter.Write(graph, s);
                return path;
            case "csv":
                var (nodes, edges) = CsvTablesWriter.Paths(path);
                using (var w = new StreamWriter(nodes, false, utf8)) CsvTablesWriter.WriteNodes(graph, w);
                using (var w = new StreamWriter(edges, false, utf8)) CsvTablesWriter.WriteEdges(graph, w);
                return path[..^4];
            default:
                throw new ArgumentException(format);
        }
    }

    private static void Compare(CooperationGraph graph, string format, JsonElement read)
    {
        Assert.Equal(graph.Directed, read.GetProperty("directed").GetBoolean());
        Assert.False(read.GetProperty("multigraph").GetBoolean());

        var nodes = read.GetProperty("nodes").EnumerateArray().ToDictionary(n => n[0].GetString()!, n => n[1]);
        Assert.Equal(graph.Nodes.Select(n => n.Id).Order(), nodes.Keys.Order());
        foreach (var node in graph.Nodes)
        {
            var attrs = nodes[node.Id];
            var labelKey = format switch { "gml" => "name", "csv" => "Label", _ => "label" };
            Assert.Equal(format == "gml" ? GmlWriter.ReadBack(node.Label) : node.Label, attrs.GetProperty(labelKey).GetString());
            Assert.Equal(node.Kind, attrs.GetProperty(format == "csv" ? "Kind" : "kind").GetString());
            foreach (var (name, value) in node.Attributes) AssertValue($"{format} node {node.Id}.{name}", value, attrs.GetProperty(name));
        }

        var edges = read.GetProperty("edges").EnumerateArray().ToList();
        Assert.Equal(graph.EdgeCount, edges.Count);
        var byPair = new Dictionary<(string, string), JsonElement>();
        foreach (var e in edges)
        {
            var (u, v) = (e[0].GetString()!, e[1].GetString()!);
            byPair[Key(graph, u, v)] = e[2];
        }
        var weights = new ExportOptions();
        foreach (var edge in graph.Edges)
        {
            Assert.True(byPair.TryGetValue(Key(graph, edge.Source, edge.Target), out var attrs), $"{format}: edge {edge.Source}-{edge.Target} missing");
            Assert.Equal(edge.Kind, attrs.GetProperty(format == "csv" ? "Kind" : "kind").GetString());
            foreach (var (name, value) in edge.Attributes) AssertValue($"{format} edge {edge.Source}-{edge.Target}.{name}", value, attrs.GetProperty(name));
            if (format is "gexf") Assert.Equal(weights.WeightOf(graph, edge), attrs.GetProperty("weight").GetDouble());
            if (format is "csv")
            {
                Assert.Equal(weights.WeightOf(graph, edge), attrs.GetProperty("Weight").GetDouble());
                Assert.Equal(graph.Directed ? "Directed" : "Undirected", attrs.GetProperty("Type").GetString());
            }
        }
        if (format is "graphml" or "json" or "gml")
        {
            var g = read.GetProperty("graph");
            Assert.Equal(graph.Attributes["name"], g.GetProperty("name").GetString());
        }
    }

    private static (string, string) Key(CooperationGraph graph, string u, string v) =>
        graph.Directed || string.CompareOrdinal(u, v) < 0 ? (u, v) : (v, u);

    private static void AssertValue(string what, object expected, JsonElement actual)
    {
        switch (expected)
        {
            case double d:
                Assert.True(actual.ValueKind == JsonValueKind.Number, $"{what}: expected {d}, read {actual}");
                Assert.Equal(d, actual.GetDouble());
                break;
            case long l:
                Assert.Equal(l, actual.GetDouble());
                break;
            case bool b:
                if (actual.ValueKind is JsonValueKind.True or JsonValueKind.False) Assert.Equal(b, actual.GetBoolean());
                else Assert.Equal(b ? 1.0 : 0.0, actual.GetDouble()); // GML has no booleans
                break;
            case string text when what.StartsWith("gml ", StringComparison.Ordinal):
                Assert.Equal(GmlWriter.ReadBack(text), actual.GetString());
                break;
            default:
                Assert.Equal(Convert.ToString(expected, CultureInfo.InvariantCulture), actual.ValueKind == JsonValueKind.String ? actual.GetString() : actual.ToString());
                break;
        }
    }

    [Fact]
    public void Dot_has_one_statement_per_node_and_edge_with_escaped_quotes()
    {
        var graph = Source("all");
        var text = new StringWriter();
        DotWriter.Write(graph, text);
        var dot = text.ToString();
        Assert.StartsWith("graph \"jambi-test\" {", dot);
        Assert.Contains("\"muaro-jambi\" [", dot);
        Assert.Contains("Muaro \\\"MJ\\\" Jambi", dot);
        Assert.Equal(graph.EdgeCount, dot.Split('\n').Count(l => l.Contains(" -- ")));
        Assert.EndsWith("}\n", dot);
    }

    [Fact]
    public void GraphML_gives_node_and_edge_attributes_distinct_key_ids()
    {
        var graph = Source("all");
        var w = new StringWriter();
        GraphMLWriter.Write(graph, w);
        var doc = System.Xml.Linq.XDocument.Parse(w.ToString());
        var keys = doc.Root!.Elements().Where(e => e.Name.LocalName == "key").ToList();
        Assert.Equal(keys.Count, keys.Select(k => k.Attribute("id")!.Value).Distinct().Count());
        // "kind" is both a node and an edge attribute, each with its own key.
        Assert.Equal(2, keys.Count(k => k.Attribute("attr.name")!.Value == "kind"));
        Assert.Contains(keys, k => k.Attribute("attr.name")!.Value == "population" && k.Attribute("attr.type")!.Value == "double");
        Assert.Contains(keys, k => k.Attribute("attr.name")!.Value == "relations" && k.Attribute("attr.type")!.Value == "long");
    }
}
