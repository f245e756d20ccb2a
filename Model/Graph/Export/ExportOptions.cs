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

    public string WeightAttribute(CooperationGraph graph) =>
        Weight ?? (graph.Edges.Any(e => e.Attributes.ContainsKey("weight")) ? "weight" : "relations");
}

/// <summary>The formats of <c>kerjasama export</c>.</summary>
public enum ExportFormat { GraphML, Gexf, Gml, Dot, Json, Csv }
