namespace KerjasamaGraph.Tests.Graph;

/// <summary>Python scripts the tests run against NetworkX. They print JSON on standard output.</summary>
internal static class NetworkXScripts
{
    /// <summary>
    /// argv[1]: JSON {directed, weighted, nodes, edges: [[u, v, w]], tol, communities}. Prints every metric as
    /// NetworkX computes it, with our partition's modularity and NetworkX's own Louvain modularity.
    /// </summary>
    public const string Metrics = """
import json, sys
import networkx as nx

spec = json.load(open(sys.argv[1]))
G = nx.DiGraph() if spec["directed"] else nx.Graph()
G.add_nodes_from(spec["nodes"])
for u, v, w in spec["edges"]:
    G.add_edge(u, v, weight=w)
W = "weight" if spec["weighted"] else None
tol = spec["tol"]
nodes = spec["nodes"]
out = {"version": nx.__version__}

def col(d):
    return [float(d[v]) for v in nodes]

def pagerank(G, **kw):
    try:
        return nx.pagerank(G, **kw)
    except (ImportError, ModuleNotFoundError):
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python
        return _pagerank_python(G, **kw)

out["degree"] = col(dict(G.degree()))
out["strength"] = col(dict(G.degree(weight=W)))
if G.is_directed():
    out["in_degree"] = col(dict(G.in_degree()))
    out["out_degree"] = col(dict(G.out_degree()))
    out["in_strength"] = col(dict(G.in_degree(weight=W)))
    out["out_strength"] = col(dict(G.out_degree(weight=W)))
out["betweenness"] = col(nx.betweenness_centrality(G, weight=W))
out["closeness"] = col(nx.closeness_centrality(G, distance=W))
def eigenvector(**kw):
    # None where the power iteration does not converge (slowly mixing or DAG-like directed graphs).
    try:
        return col(nx.eigenvector_centrality(G, weight=W, **kw))
    except nx.PowerIterationFailedConvergence:
        return None

out["eigenvector"] = eigenvector(max_iter=spec["max_iter"], tol=tol)
out["eigenvector_default"] = eigenvector()
out["pagerank"] = col(pagerank(G, alpha=0.85, max_iter=spec["max_iter"], tol=tol, weight=W))
out["pagerank_default"] = col(pagerank(G, alpha=0.85, weight=W))
out["clustering"] = col(nx.clustering(G))
out["clustering_weighted"] = col(nx.clustering(G, weight=W))
out["core_number"] = col(nx.core_number(G))

g = {}
g["nodes"] = G.number_of_nodes()
g["edges"] = G.number_of_edges()
g["density"] = nx.density(G)
if G.is_directed():
    g["components"] = nx.number_weakly_connected_components(G)
    g["strongly_connected_components"] = nx.number_strongly_connected_components(G)
    comps = list(nx.strongly_connected_components(G))
else:
    g["components"] = nx.number_connected_components(G)
    comps = list(nx.connected_components(G))
index = {v: i for i, v in enumerate(nodes)}
# Largest component; ties go to the one whose first node comes first.
largest = max(comps, key=lambda c: (len(c), -min(index[v] for v in c)))
C = G.subgraph(largest)
g["largest_component_nodes"] = len(largest)
if len(largest) > 1:
    sp = dict(nx.all_pairs_dijkstra_path_length(C, weight=W)) if W else dict(nx.all_pairs_shortest_path_length(C))
    g["diameter"] = float(max(max(d.values()) for d in sp.values()))
    g["average_shortest_path_length"] = nx.average_shortest_path_length(C, weight=W)
else:
    g["diameter"] = 0.0
    g["average_shortest_path_length"] = 0.0
g["transitivity"] = None if G.is_directed() else nx.transitivity(G)
g["average_clustering"] = nx.average_clustering(G)
g["average_clustering_weighted"] = nx.average_clustering(G, weight=W)
import warnings
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    r = nx.degree_assortativity_coefficient(G)
g["degree_assortativity"] = None if r != r else float(r)

labels = spec["communities"]
parts = {}
for v, c in zip(nodes, labels):
    parts.setdefault(c, set()).add(v)
if G.number_of_edges() > 0:
    g["modularity_of_ours"] = nx.community.modularity(G, list(parts.values()), weight=W or "weight")
    # NetworkX before PR 8757 can loop forever in Louvain on directed graphs (networkx#5175): give it 20 s.
    import signal
    def give_up(signum, frame):
        raise TimeoutError()
    signal.signal(signal.SIGALRM, give_up)
    signal.alarm(20)
    try:
        nxparts = nx.community.louvain_communities(G, weight=W or "weight", seed=1)
        g["modularity_networkx_louvain"] = nx.community.modularity(G, nxparts, weight=W or "weight")
    except TimeoutError:
        g["modularity_networkx_louvain"] = None
    signal.alarm(0)
out["graph"] = g
print(json.dumps(out))
""";
}
