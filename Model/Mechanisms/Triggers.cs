using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Model.Mechanisms;

/// <summary>
/// Triggers (MODEL.md section 4, "Shocks and triggers"): a planner's rule that initiates food_supply agreements
/// when a region's indicator (month-on-month or year-on-year CPI inflation, percent) is above a threshold for
/// k consecutive months. The reference case is Kota Jambi in July 2022, which struck supply agreements with
/// producer regions after two months of the highest inflation in Indonesia.
/// <para>
/// Fixed indices: at world construction every trigger compiles one potential agreement per candidate producer
/// (id TRIGGER:PRODUCER, owner the trigger's region) that stays not_started. When the trigger fires (once per
/// replication) in month t, the owner ranks the candidates by expected surplus over distance,
/// (P₀·shock − D) / d, using the month's normal production and production shocks (public scenario data, so the
/// ranking does not depend on which engine or silo steps the region), keeps those with a surplus, and initiates
/// the best <c>top</c> of them from month t + 1; ties go to the lower agreement index. The chosen agreements then
/// go through the lifecycle and One Gate like any other; the rest stay not_started.
/// </para>
/// </summary>
public static class Triggers
{
    /// <summary>Candidate producers of a trigger: its list, or every other region that produces the commodity (ordinal by id).</summary>
    public static IEnumerable<string> Candidates(Scenario scenario, Trigger t) =>
        Candidates(t, scenario.Regions.Where(r => r.Food.TryGetValue(t.Commodity, out var f) && f.Production > 0).Select(r => r.Id));

    /// <summary>
    /// <see cref="Candidates(Scenario, Trigger)"/> given the regions that produce the trigger's commodity, so that a world with
    /// many triggers lists each commodity's producers once instead of scanning every region per trigger.
    /// </summary>
    public static IEnumerable<string> Candidates(Trigger t, IEnumerable<string> producers) =>
        (t.Candidates ?? producers.Where(id => id != t.Region)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    public static Agreement PotentialAgreement(Trigger t, string producer) => new()
    {
        Id = $"{t.Id}:{producer}",
        Type = AgreementType.FoodSupply,
        Name = $"{t.Commodity} from {producer} ({t.Id})",
        LegalForm = t.LegalForm,
        Parties = [producer, t.Region],
        Commodity = t.Commodity,
        Volume = t.Volume,
        FreightSubsidy = t.FreightSubsidy,
        Timing = new AgreementTiming { TermMonths = t.TermMonths },
        Source = t.Source,
    };

    public static double Indicator(TriggerIndicator indicator, double monthOnMonth, double yearOnYear) =>
        indicator == TriggerIndicator.MtmInflation ? monthOnMonth : yearOnYear;

    /// <summary>The potential agreements to initiate, best first: positive expected surplus over distance, at most top.</summary>
    public static int[] Choose(SimulationWorld world, int trigger, int tick)
    {
        var t = world.Triggers[trigger];
        var buyer = world.TriggerRegion[trigger];
        var c = world.TriggerCommodity[trigger];
        var ranked = new List<(double Score, int Agreement)>();
        foreach (var a in world.TriggerAgreements[trigger])
        {
            var producer = world.Agreements[a].From;
            var surplus = FoodSupply.NormalProduction(world, producer, c, tick) * world.FoodShockFactor(producer, ShockKind.Production, tick, c)
                - FoodSupply.Demand(world, producer, c);
            if (surplus <= 0) continue;
            ranked.Add((surplus / Math.Max(1, world.DistanceKm(producer, buyer)), a));
        }
        return ranked.OrderByDescending(x => x.Score).ThenBy(x => x.Agreement).Take(t.Top).Select(x => x.Agreement).ToArray();
    }
}
