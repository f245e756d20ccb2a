using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Model.Mechanisms;

/// <summary>
/// Funding (MODEL.md section 4): a funding agreement disburses its amount evenly over its term while active.
/// General funding counts as direct benefit. Capital funding for a service lowers the cost of the facility
/// the recipient uses for it, by at most funding_max_cost_share (φ) of that cost a month — the bounded
/// factor; what exceeds the bound is not disbursed. When the recipient hosts a shared facility for that
/// service the reduction lowers the pooled cost and reaches every member by its cost share.
/// </summary>
public static class Funding
{
    public static double MonthlyAmount(AgreementInfo a) => a.TermMonths > 0 ? a.Definition.Amount / a.TermMonths : 0;

    /// <summary>The reduction of a facility's monthly cost: min(total monthly capital funding, φ · facility cost).</summary>
    public static double FacilityReduction(SimulationWorld world, double monthlyFunding, double facilityCost) =>
        Math.Min(monthlyFunding, world.Parameters.FundingMaxCostShare * Math.Max(0, facilityCost));

    /// <summary>
    /// Capital funding for a facility in one lane: the facility's funding agreements for the service (owned by its operator)
    /// that are active give min(Σ monthly amounts, φ·facility cost); the member's part is its
    /// cost share of that, booked to each funding agreement pro rata to its monthly amount. Returns the member's reduction.
    /// </summary>
    /// <param name="agreements">The facility's capital funding agreements, <see cref="SimulationWorld.CapitalFunding"/>[owner][service].</param>
    internal static double CapitalFundingReduction(StepContext ctx, int[] agreements, double facilityCost, double share, int lane)
    {
        var world = ctx.World;
        if (agreements.Length == 0) return 0;
        var total = 0.0;
        foreach (var f in agreements) if (ctx.StateOf(f, lane) == LifecycleState.Active) total += MonthlyAmount(world.Agreements[f]);
        if (total <= 0) return 0;
        var reduction = share * FacilityReduction(world, total, facilityCost);
        foreach (var f in agreements)
        {
            if (ctx.StateOf(f, lane) != LifecycleState.Active) continue;
            ctx.Direct[ctx.DirectSlot(f) * ctx.Lanes + lane] += reduction * (MonthlyAmount(world.Agreements[f]) / total);
        }
        return reduction;
    }
}
