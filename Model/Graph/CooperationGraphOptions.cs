using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Model.Graph;

/// <summary>Which relations of a scenario become edges.</summary>
public enum GraphLayer
{
    /// <summary>Shared borders between regions (undirected).</summary>
    Borders,
    /// <summary>Agreements (see <see cref="CooperationGraphOptions.Types"/>).</summary>
    Agreements,
    /// <summary>Borders and agreements, merged into one undirected graph.</summary>
    All,
}

/// <summary>How a shared-service agreement with k members (a hyperedge) becomes ordinary edges.</summary>
public enum SharedServiceExpansion
{
    /// <summary>
    /// Every pair of members is linked (k(k−1)/2 edges): all members pool one cost curve, so each cooperates with
    /// every other. The projection of the member–agreement bipartite graph, as in
    /// <c>networkx.bipartite.projected_graph</c>; the default.
    /// </summary>
    Clique,
    /// <summary>Each member is linked to the host only (k−1 edges): the facility's catchment, for hub-centred questions.</summary>
    Star,
}

/// <summary>Whether the graph is directed.</summary>
public enum Direction
{
    /// <summary>
    /// Directed exactly when every relation that can appear is directed: the agreements layer restricted to
    /// knowledge, funding and food_supply (partner/source/producer → recipient). Borders and shared services are
    /// undirected, so any graph that contains them is undirected (directed agreements then become undirected edges).
    /// </summary>
    Auto,
    Directed,
    Undirected,
}

public sealed record CooperationGraphOptions
{
    public GraphLayer Layer { get; init; } = GraphLayer.All;
    /// <summary>Agreement types to include; null: all.</summary>
    public IReadOnlySet<AgreementType>? Types { get; init; }
    public SharedServiceExpansion SharedService { get; init; } = SharedServiceExpansion.Clique;
    public Direction Direction { get; init; } = Direction.Auto;
    /// <summary>
    /// The agreements that count as present, with the share of replications in which each is active (1 for a
    /// single run); null: every agreement of the scenario (the planned network). Agreements missing here are left
    /// out, but their parties stay in the graph so that graphs of different months have the same nodes.
    /// </summary>
    public IReadOnlyDictionary<string, double>? ActiveAgreements { get; init; }

    public static bool IsDirectedType(AgreementType type) =>
        type is AgreementType.Knowledge or AgreementType.Funding or AgreementType.FoodSupply;
}
