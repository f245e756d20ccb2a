using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace KerjasamaGraph.Model.Graph.Import;

/// <summary>
/// Reads GraphML (as written by NetworkX, igraph, Gephi, Cytoscape and yEd): typed keys with defaults, one graph
/// (edgedefault directed or undirected), nodes and edges with data. Errors name the file and line:
/// unknown key ids, values that do not parse as their key's type, nodes without id, duplicate node ids, edges
/// whose endpoints are not nodes. Nested graphs and hyperedges are refused.
/// </summary>
public static class GraphMLReader
{
    private sealed record Key(string Name, string Type, string For, string? Default);

    public static ImportedNetwork Read(string path)
    {
        XDocument doc;
        try { doc = XDocument.Load(path, LoadOptions.SetLineInfo); }
        catch (XmlException e) { throw new GraphInputException($"{path}:{e.LineNumber}: not well-formed XML: {e.Message}"); }
        catch (IOException e) { throw new GraphInputException($"{path}: {e.Message}"); }
        var root = doc.Root;
        if (root is null || root.Name.LocalName != "graphml") throw new GraphInputException($"{path}:1: not a GraphML file (no <graphml> root)");
        var keys = new Dictionary<string, Key>(StringComparer.Ordinal);
        foreach (var k in root.Elements().Where(e => e.Name.LocalName == "key"))
        {
            var id = k.Attribute("id")?.Value ?? throw new GraphInputException($"{path}:{Line(k)}: <key> without id");
            var name = k.Attribute("attr.name")?.Value ?? id;
            var type = k.Attribute("attr.type")?.Value ?? "string";
            if (type is not ("string" or "int" or "long" or "float" or "double" or "boolean"))
                throw new GraphInputException($"{path}:{Line(k)}: key '{id}': unknown attr.type '{type}' (string, int, long, float, double, boolean)");
            var def = k.Elements().FirstOrDefault(e => e.Name.LocalName == "default")?.Value;
            keys[id] = new Key(name, type, k.Attribute("for")?.Value ?? "all", def);
        }
        var graphs = root.Elements().Where(e => e.Name.LocalName == "graph").ToList();
        if (graphs.Count != 1) throw new GraphInputException($"{path}:{Line(root)}: expected one <graph>, found {graphs.Count}");
        var graph = graphs[0];
        var network = new ImportedNetwork { File = path, Directed = graph.Attribute("edgedefault")?.Value == "directed" };
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var el in graph.Elements())
        {
            switch (el.Name.LocalName)
            {
                case "node":
                    var id = el.Attribute("id")?.Value;
                    if (string.IsNullOrEmpty(id)) throw new GraphInputException($"{path}:{Line(el)}: node without id");
                    if (!ids.Add(id)) throw new GraphInputException($"{path}:{Line(el)}: duplicate node id '{id}'");
                    if (el.Elements().Any(e => e.Name.LocalName == "graph")) throw new GraphInputException($"{path}:{Line(el)}: nested graphs are not supported");
                    network.Nodes.Add((id, new ImportedElement(path, Line(el), Data(path, el, keys, "node"))));
                    break;
                case "edge":
                    var s = el.Attribute("source")?.Value;
                    var t = el.Attribute("target")?.Value;
                    if (string.IsNullOrEmpty(s) || string.IsNullOrEmpty(t)) throw new GraphInputException($"{path}:{Line(el)}: edge without source or target");
                    var data = Data(path, el, keys, "edge");
                    if (el.Attribute("directed")?.Value is { } d && (d == "true") != network.Directed)
                        throw new GraphInputException($"{path}:{Line(el)}: edge {s}-{t} is {(d == "true" ? "directed" : "undirected")} in a{(network.Directed ? " directed" : "n undirected")} graph (mixed graphs are not supported)");
                    network.Edges.Add((s, t, new ImportedElement(path, Line(el), data)));
                    break;
                case "hyperedge":
                    throw new GraphInputException($"{path}:{Line(el)}: hyperedges are not supported");
            }
        }
        foreach (var (s, t, e) in network.Edges)
        {
            if (!ids.Contains(s)) throw new GraphInputException($"{e.Where}: edge source '{s}' is not a node");
            if (!ids.Contains(t)) throw new GraphInputException($"{e.Where}: edge target '{t}' is not a node");
        }
        return network;
    }

    private static int Line(XElement e) => e is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0;

    private static SortedDictionary<string, object> Data(string path, XElement el, Dictionary<string, Key> keys, string domain)
    {
        var data = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var (_, key) in keys)
            if (key.Default is not null && (key.For == domain || key.For == "all")) data[key.Name] = Parse(path, el, key, key.Default);
        foreach (var d in el.Elements().Where(e => e.Name.LocalName == "data"))
        {
            var id = d.Attribute("key")?.Value ?? "";
            if (!keys.TryGetValue(id, out var key)) throw new GraphInputException($"{path}:{Line(d)}: data for undeclared key '{id}'");
            data[key.Name] = Parse(path, d, key, d.Value);
        }
        return data;
    }

    private static object Parse(string path, XElement where, Key key, string text)
    {
        var t = text.Trim();
        object? value = key.Type switch
        {
            "int" or "long" => long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null,
            "float" or "double" => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
                : t.ToLowerInvariant() switch { "nan" => double.NaN, "inf" or "+inf" or "infinity" => double.PositiveInfinity, "-inf" or "-infinity" => double.NegativeInfinity, _ => null },
            "boolean" => t.ToLowerInvariant() switch { "true" or "1" => true, "false" or "0" => false, _ => null },
            _ => text,
        };
        return value ?? throw new GraphInputException($"{path}:{Line(where)}: {key.Name}: '{text}' is not a valid {key.Type}");
    }
}
