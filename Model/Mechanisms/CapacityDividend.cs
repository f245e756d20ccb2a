using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Model.Mechanisms;

/// <summary>
/// Capacity dividend (MODEL.md section 4, "Capacity" with "Shared services"): capacity lowers every service cost by the
/// factor (1 − η·c), so the capacity g_a a region has gained through knowledge agreement a (its cumulative share of the
/// increments, <see cref="Capacity"/>) keeps saving it <c>η · g_a · raw service cost</c> every month, η =
/// capacity_cost_effect, the raw cost being this month's, before the capacity factor (<see cref="ServiceChoice"/>).
/// The dividend is booked to the agreement as direct benefit, also after the agreement has ended: the capacity stays.
/// <para>Output per lane: knowledge benefit.</para>
/// </summary>
public static class CapacityDividend
{
    internal static void Apply(StepContext ctx, double[] metrics)
    {
        var world = ctx.World;
        var lanes = ctx.Lanes;
        var effect = world.Parameters.CapacityCostEffect;
        var st = ctx.State;
        var slots = world.KnowledgeSlot[ctx.Region];
        var raw = ctx.Raw;
        for (var k = 0; k < st.KnowledgeIn.Length; k++)
        {
            var row = ctx.Direct.AsSpan(slots[k] * lanes, lanes);
            for (var l = 0; l < lanes; l++)
            {
                var gain = st.KnowledgeGain[k * lanes + l];
                if (gain == 0) continue;
                var dividend = effect * gain * raw[l];
                row[l] += dividend;
                metrics[RegionMetrics.KnowledgeBenefit * lanes + l] += dividend;
            }
        }
    }
}
