using KerjasamaGraph.Model.Simulation;
namespace KerjasamaGraph.Model.Graph.Algorithms;

/// <summary>A partition found by <see cref="Louvain"/>: community of every node (numbered in order of first node), and its modularity.</summary>
public sealed record LouvainResult(int[] Community, int CommunityCount, double Modularity, int Levels);

/// <summary>
/// Louvain community detection: repeatedly move single nodes to the neighbouring community that raises modularity
/// most (in a seeded random order, until no move helps), then merge each community into one node and repeat on the
/// smaller graph, until a level raises modularity by no more than <c>threshold</c>.
/// <para>
/// Reference: Blondel, Guillaume, Lambiotte and Lefebvre (2008), "Fast unfolding of communities in large networks",
/// J. Stat. Mech. P10008; directed modularity gain from Dugué and Perez (2015), "Directed Louvain: maximizing
/// modularity in directed networks", hal-01231784. Follows <c>networkx.community.louvain_communities(G, weight=W,
/// resolution=1, threshold=1e-7, seed=S)</c> step for step (same gain formulas, same stopping rule, same treatment
/// of directed graphs), but draws the node order from <see cref="SplitMix64"/>, not Python's Mersenne Twister, so
/// the partition found for a given seed differs from NetworkX's; its modularity is of the same quality and is
/// computed exactly as <see cref="Modularity"/> (networkx.community.modularity) would.
/// </para>
/// <para>
/// Gains are compared multiplied by m² (as NetworkX does since its fix of the directed-graph infinite loop,
/// networkx PR 8757); NetworkX 2.8 to 3.6 can loop forever on small directed graphs (a directed cycle, for one).
/// </para>
/// <para>
/// igraph: <c>community_multilevel()</c> is undirected only, visits nodes in a random order of its own RNG and
/// returns every level; its final level is comparable.
/// </para>
/// </summary>
public static class Louvain
{
    /// <summary>Most sweeps over the nodes in one level (a guard against round-off cycles; never reached in practice).</summary>
    public const int MaxPasses = 1000;

    public static LouvainResult Compute(CsrGraph g, ulong seed, double resolution = 1.0, double threshold = 1e-7)
    {
        var n = g.NodeCount;
        var partition = Enumerable.Range(0, n).ToArray();
        var level = LevelGraph.From(g);
        if (level.TotalWeight == 0) return Finish(g, partition, resolution, 0);
        var m = level.TotalWeight;
        var rng = new SplitMix64(seed);
        var mod = level.Modularity(Enumerable.Range(0, n).ToArray(), resolution);
        var (inner, _) = OneLevel(level, m, resolution, ref rng);
        Apply(partition, inner);
        var levels = 1;
        while (true)
        {
            var newMod = level.Modularity(inner, resolution);
            if (newMod - mod <= threshold) break;
            mod = newMod;
            level = level.Aggregate(inner);
            bool improved;
            (inner, improved) = OneLevel(level, m, resolution, ref rng);
            if (!improved) break;
            Apply(partition, inner);
            levels++;
        }
        return Finish(g, partition, resolution, levels);
    }

    private static void Apply(int[] partition, int[] inner)
    {
        for (var v = 0; v < partition.Length; v++) partition[v] = inner[partition[v]];
    }

    private static LouvainResult Finish(CsrGraph g, int[] partition, double resolution, int levels)
    {
        // Number communities in order of their first node.
        var map = new Dictionary<int, int>();
        var labels = new int[partition.Length];
        for (var v = 0; v < partition.Length; v++)
        {
            if (!map.TryGetValue(partition[v], out var c)) map[partition[v]] = c = map.Count;
            labels[v] = c;
        }
        return new LouvainResult(labels, map.Count, Algorithms.Modularity.Compute(g, labels, resolution), levels);
    }

    /// <summary>NetworkX's <c>_one_level</c>: local moves until none improves; returns each level node's new community (compacted, in order of old community index).</summary>
    private static (int[] Inner, bool Improved) OneLevel(LevelGraph level, double m, double resolution, ref SplitMix64 rng)
    {
        var n = level.NodeCount;
        var directed = level.Directed;
        var node2com = Enumerable.Range(0, n).ToArray();
        var stotIn = (double[])level.InDegree.Clone();
        var stotOut = (double[])level.OutDegree.Clone(); // undirected: the (weighted) degree
        var order = Enumerable.Range(0, n).ToArray();
        rng.Shuffle(order);
        var weightTo = new double[n];
        var touched = new List<int>();
        var seen = new bool[n];
        var improved = false;
        var moves = 1;
        // A guard NetworkX does not have: with real weights round-off can still (rarely) make a node cycle between
        // communities; after MaxPasses sweeps the level ends with the moves made so far.
        for (var pass = 0; moves > 0 && pass < MaxPasses; pass++)
        {
            moves = 0;
            foreach (var u in order)
            {
                var bestCom = node2com[u];
                var bestMod = 0.0;
                touched.Clear();
                for (var k = level.Offsets[u]; k < level.Offsets[u + 1]; k++)
                {
                    var c = node2com[level.Targets[k]];
                    if (!seen[c])
                    {
                        seen[c] = true;
                        touched.Add(c);
                    }
                    weightTo[c] += level.Weights[k];
                }
                // Gains are NetworkX's formulas multiplied by m² (which does not change the best community): without
                // the division by m², equal gains stay equal in floating point (exactly, for integer weights), so a
                // node never hops between tied communities forever — the infinite loop of networkx#5175/#5704/#8739.
                double removeCost;
                if (directed)
                {
                    var inD = level.InDegree[u];
                    var outD = level.OutDegree[u];
                    stotIn[bestCom] -= inD;
                    stotOut[bestCom] -= outD;
                    removeCost = -weightTo[bestCom] * m + resolution * (outD * stotIn[bestCom] + inD * stotOut[bestCom]);
                    foreach (var c in touched)
                    {
                        var gain = removeCost + weightTo[c] * m - resolution * (outD * stotIn[c] + inD * stotOut[c]);
                        if (gain > bestMod)
                        {
                            bestMod = gain;
                            bestCom = c;
                        }
                    }
                    stotIn[bestCom] += inD;
                    stotOut[bestCom] += outD;
                }
                else
                {
                    var degree = level.OutDegree[u];
                    stotOut[bestCom] -= degree;
                    removeCost = -weightTo[bestCom] * m + resolution * (stotOut[bestCom] * degree) / 2;
                    foreach (var c in touched)
                    {
                        var gain = removeCost + weightTo[c] * m - resolution * (stotOut[c] * degree) / 2;
                        if (gain > bestMod)
                        {
                            bestMod = gain;
                            bestCom = c;
                        }
                    }
                    stotOut[bestCom] += degree;
                }
                foreach (var c in touched)
                {
                    weightTo[c] = 0;
                    seen[c] = false;
                }
                if (bestCom != node2com[u])
                {
                    node2com[u] = bestCom;
                    moves++;
                    improved = true;
                }
            }
        }
        var renumber = new int[n];
        Array.Fill(renumber, -1);
        foreach (var c in node2com) renumber[c] = 0;
        var next = 0;
        for (var c = 0; c < n; c++) if (renumber[c] == 0) renumber[c] = next++;
        var inner = new int[n];
        for (var u = 0; u < n; u++) inner[u] = renumber[node2com[u]];
        return (inner, improved);
    }

    /// <summary>One level of the aggregation: unique edges (self-loops hold the weight inside a merged community) and the neighbour weights Louvain moves by.</summary>
    private sealed class LevelGraph
    {
        public required bool Directed { get; init; }
        public required int NodeCount { get; init; }
        public required (int A, int B, double W)[] Edges { get; init; }
        /// <summary>Neighbour weights, self-loops excluded; for directed graphs out- and in-arcs to the same node are summed.</summary>
        public required int[] Offsets { get; init; }
        public required int[] Targets { get; init; }
        public required double[] Weights { get; init; }
        /// <summary>Weighted in/out degree (undirected: both are the degree, a self-loop counting twice).</summary>
        public required double[] InDegree { get; init; }
        public required double[] OutDegree { get; init; }
        public double TotalWeight { get; private init; }

        public static LevelGraph From(CsrGraph g)
        {
            var edges = new List<(int, int, double)>(g.EdgeCount);
            for (var u = 0; u < g.NodeCount; u++)
            {
                for (var k = g.OutOffsets[u]; k < g.OutOffsets[u + 1]; k++)
                {
                    var v = g.OutTargets[k];
                    if (g.Directed || u < v) edges.Add((u, v, g.OutWeights[k]));
                }
            }
            return Build(g.NodeCount, g.Directed, edges.ToArray());
        }

        private static LevelGraph Build(int n, bool directed, (int A, int B, double W)[] edges)
        {
            var inDeg = new double[n];
            var outDeg = new double[n];
            var count = new int[n + 1];
            var total = 0.0;
            foreach (var (a, b, w) in edges)
            {
                total += w;
                if (directed)
                {
                    outDeg[a] += w;
                    inDeg[b] += w;
                }
                else
                {
                    outDeg[a] += w;
                    outDeg[b] += w;
                }
                if (a == b) continue;
                count[a + 1]++;
                count[b + 1]++;
            }
            if (!directed) Array.Copy(outDeg, inDeg, n);
            for (var u = 0; u < n; u++) count[u + 1] += count[u];
            var fill = (int[])count.Clone();
            var targets = new int[count[n]];
            var weights = new double[count[n]];
            foreach (var (a, b, w) in edges)
            {
                if (a == b) continue;
                targets[fill[a]] = b;
                weights[fill[a]++] = w;
                targets[fill[b]] = a;
                weights[fill[b]++] = w;
            }
            // Directed: a→b and b→a give two entries for the same neighbour; merge them (NetworkX sums them).
            var offsets = new int[n + 1];
            var outCount = 0;
            for (var u = 0; u < n; u++)
            {
                var start = count[u];
                var len = count[u + 1] - start;
                Array.Sort(targets, weights, start, len);
                offsets[u] = outCount;
                for (var k = start; k < start + len; k++)
                {
                    if (outCount > offsets[u] && targets[outCount - 1] == targets[k]) weights[outCount - 1] += weights[k];
                    else
                    {
                        targets[outCount] = targets[k];
                        weights[outCount++] = weights[k];
                    }
                }
            }
            offsets[n] = outCount;
            return new LevelGraph
            {
                Directed = directed, NodeCount = n, Edges = edges, Offsets = offsets,
                Targets = targets[..outCount], Weights = weights[..outCount],
                InDegree = inDeg, OutDegree = outDeg, TotalWeight = total,
            };
        }

        /// <summary>Modularity of this level graph under <paramref name="community"/> (NetworkX's modularity on the aggregated graph).</summary>
        public double Modularity(int[] community, double resolution)
        {
            var labels = community.Length == 0 ? 0 : community.Max() + 1;
            var inside = new double[labels];
            var outSum = new double[labels];
            var inSum = new double[labels];
            foreach (var (a, b, w) in Edges)
            {
                int ca = community[a], cb = community[b];
                if (ca == cb) inside[ca] += w;
                outSum[ca] += w;
                inSum[cb] += w;
            }
            var m = TotalWeight;
            var q = 0.0;
            for (var c = 0; c < labels; c++)
            {
                if (Directed) q += inside[c] / m - resolution * outSum[c] * inSum[c] / (m * m);
                else
                {
                    var k = outSum[c] + inSum[c];
                    q += inside[c] / m - resolution * k * k / (4 * m * m);
                }
            }
            return q;
        }

        /// <summary>NetworkX's <c>_gen_graph</c>: one node per community, edge weights summed, internal weight on self-loops.</summary>
        public LevelGraph Aggregate(int[] community)
        {
            var n = community.Length == 0 ? 0 : community.Max() + 1;
            var merged = new Dictionary<long, double>();
            foreach (var (a, b, w) in Edges)
            {
                int ca = community[a], cb = community[b];
                if (!Directed && ca > cb) (ca, cb) = (cb, ca);
                var key = (long)ca * n + cb;
                merged[key] = merged.GetValueOrDefault(key) + w;
            }
            var edges = merged.OrderBy(kv => kv.Key).Select(kv => ((int)(kv.Key / n), (int)(kv.Key % n), kv.Value)).ToArray();
            return Build(n, Directed, edges);
        }
    }
}
