namespace KerjasamaGraph.Model.Graph.Export;

/// <summary>Settings shared by the exporters.</summary>
public sealed record ExportOptions
{
    /// <summary>
    /// Numeric edge attribute written as the edge weight (GEXF's weight, the CSV Weight column, DOT's weight);
    /// null: <c>weight</c> where edges have it (imported graphs), else <c>relations</c> (how many borders and
    /// agreements the edge merges).
    /// </summary>
    public string? Weight { get; init; }

    public double WeightOf(CooperationGraph graph, GraphEdge edge) => edge.Numeric(WeightAttribute(graph), 1.0);

    /// <summary>GEXF schema version: 1.2draft by default (Gephi, NetworkX 2.x and 3.x, igraph), 1.3 on request.</summary>
    public GexfVersion GexfVersion { get; init; } = GexfVersion.V1_2Draft;

    public string WeightAttribute(CooperationGraph graph) =>
        Weight ?? (graph.Edges.Any(e => e.Attributes.ContainsKey("weight")) ? "weight" : "relations");
}

/// <summary>
/// GEXF schema versions. 1.2draft is what Gephi 0.8–0.10 writes and every GEXF reader knows (NetworkX 2.x reads only
/// 1.1draft and 1.2draft: Debian 12's 2.8 fails on 1.3 with "No &lt;graph&gt; element"); 1.3 (gexf.net, 2018) adds
/// <c>timerepresentation</c> and is read by Gephi 0.9+ and NetworkX 3.x.
/// </summary>
public enum GexfVersion { V1_2Draft, V1_3 }

/// <summary>The formats of <c>kerjasama export</c>.</summary>
public enum ExportFormat { GraphML, Gexf, Gml, Dot, Json, Csv }
