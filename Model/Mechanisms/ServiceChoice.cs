using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Model.Mechanisms;

/// <summary>
/// Service choice (MODEL.md section 4, "Shared services"): each month, for each service s with demand, a region is
/// served by the first of its shared-service agreements for s (ascending index) that is active in the lane, else it
/// serves itself. Shared: it pays its bill (<see cref="SharedServices.MemberTerms"/>: share_i · C_s(Q) · k_i + haulage +
/// coordination, k_i = 1 − η·c_i with this month's capacity) and books the saving <c>C_i(q_i)·k_i − bill</c> to the
/// agreement; alone: it pays <c>C_i(q_i) · k_i</c>. Capital funding for the facility it uses (the host's, or its own when
/// alone) lowers that cost (<see cref="Funding.CapitalFundingReduction"/>). The raw cost (before k_i), summed over
/// services, is the base of the capacity dividend (<see cref="CapacityDividend"/>) and of the One Gate screen.
/// <para>Outputs per lane: cost and saving per service, total service cost and saving, and funding benefit.</para>
/// </summary>
public static class ServiceChoice
{
    internal static void Apply(StepContext ctx, double[] capacity, double[] serviceCost, double[] serviceSaving, double[] metrics)
    {
        var world = ctx.World;
        var region = ctx.Region;
        var lanes = ctx.Lanes;
        var tick = ctx.Tick;
        var shared = ctx.State.SharedMember;
        var sharedSlot = world.SharedSlot[region];
        var raw = ctx.Raw;
        var direct = ctx.Direct;

        // Lane-independent parts of this month's bills, computed once (or once per run where no shock can change them).
        var terms = StepContext.Ensure(ref ctx.Terms, shared.Length);
        var quiet = world.QuietTerms[region];
        for (var m = 0; m < shared.Length; m++) terms[m] = quiet[m] ?? SharedServices.MemberTerms(world, world.Agreements[shared[m]], region, tick);
        var shocked = world.ServiceShocked[region];
        var quietRaw = world.QuietStandaloneRaw[region];
        var chosen = StepContext.Ensure(ref ctx.Chosen, lanes);
        var factors = StepContext.Ensure(ref ctx.CapacityFactors, lanes);
        for (var l = 0; l < lanes; l++) factors[l] = SharedServices.CapacityFactor(world, capacity[l]);
        var ownFunding = world.CapitalFunding[region];

        for (var s = 0; s < world.Services.Length; s++)
        {
            var baseDemand = world.BaseDemand[region][s];
            var standaloneRaw = baseDemand <= 0 ? 0 : shocked ? SharedServices.Standalone(world, region, s, tick, 0).Raw : quietRaw[s];

            // Per lane, the first shared agreement for the service that is active.
            Array.Fill(chosen, -1, 0, lanes);
            for (var m = 0; m < shared.Length; m++)
            {
                if (world.Agreements[shared[m]].Service != s) continue;
                var states = ctx.States(shared[m]);
                for (var l = 0; l < lanes; l++)
                    if (chosen[l] < 0 && states[l] == (byte)LifecycleState.Active) chosen[l] = m;
            }

            for (var l = 0; l < lanes; l++)
            {
                var factor = factors[l];
                double cost, saving = 0;
                var m = chosen[l];
                if (m >= 0)
                {
                    var info = world.Agreements[shared[m]];
                    var bill = terms[m].ForCapacityFactor(factor);
                    var reduction = Funding.CapitalFundingReduction(ctx, world.CapitalFunding[info.Host][s], bill.PooledCost, bill.Share, l);
                    cost = bill.Paid - reduction;
                    saving = bill.Saving;
                    raw[l] += bill.RawShare;
                    metrics[RegionMetrics.FundingBenefit * lanes + l] += reduction;
                    direct[sharedSlot[m] * lanes + l] += bill.Saving;
                }
                else
                {
                    if (baseDemand <= 0) continue;
                    var alone = standaloneRaw * factor;
                    var reduction = Funding.CapitalFundingReduction(ctx, ownFunding[s], standaloneRaw, 1.0, l);
                    cost = alone - reduction;
                    raw[l] += standaloneRaw;
                    metrics[RegionMetrics.FundingBenefit * lanes + l] += reduction;
                }
                serviceCost[s * lanes + l] = cost;
                serviceSaving[s * lanes + l] = saving;
                metrics[RegionMetrics.ServiceCost * lanes + l] += cost;
                metrics[RegionMetrics.ServiceSaving * lanes + l] += saving;
            }
        }
    }
}
