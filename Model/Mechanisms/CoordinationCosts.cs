using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Model.Mechanisms;

/// <summary>
/// Coordination costs and general funding (MODEL.md section 4, "Shared services" and "Funding"): every agreement a region
/// is a party to and that is active this month counts as one active agreement; each one that is not a shared service costs
/// its parties <c>agreement_coordination_cost</c> a month (a shared service's coordination is part of its bill, see
/// <see cref="SharedServices"/>), booked against the agreement; a general funding agreement (no service) pays its
/// recipient <c>amount / term</c> a month (<see cref="Funding.MonthlyAmount"/>), booked to the agreement as direct benefit.
/// <para>Outputs per lane: active agreements, coordination cost, and the funding benefit added to capital funding's.</para>
/// </summary>
public static class CoordinationCosts
{
    internal static void Apply(StepContext ctx, double[] metrics)
    {
        var world = ctx.World;
        var region = ctx.Region;
        var lanes = ctx.Lanes;
        var cost = world.Parameters.AgreementCoordinationCost;
        var party = world.PartyOf[region];
        var slots = world.PartySlot[region];
        var direct = ctx.Direct;
        for (var k = 0; k < party.Length; k++)
        {
            var a = party[k];
            var info = world.Agreements[a];
            var states = ctx.States(a);
            var service = info.Type == AgreementType.SharedService;
            var general = info.Type == AgreementType.Funding && info.Service < 0 && info.To == region;
            var amount = general ? Funding.MonthlyAmount(info) : 0;
            var row = direct.AsSpan(slots[k] * lanes, lanes);
            for (var l = 0; l < lanes; l++)
            {
                if (states[l] != (byte)LifecycleState.Active) continue;
                metrics[RegionMetrics.ActiveAgreements * lanes + l] += 1;
                if (service) continue;
                metrics[RegionMetrics.CoordinationCost * lanes + l] += cost;
                row[l] -= cost;
                if (general)
                {
                    row[l] += amount;
                    metrics[RegionMetrics.FundingBenefit * lanes + l] += amount;
                }
            }
        }
    }
}
