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
}
