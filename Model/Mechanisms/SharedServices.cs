using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Model.Mechanisms;

/// <summary>
/// Shared services (MODEL.md section 4): members of a <c>shared_service</c> agreement pool their demand
/// and each pays a share of one cost curve instead of running a facility alone.
/// <para>
/// Common cost curve of service s: <c>C_s(Q) = u_ref · Q_ref · (Q / Q_ref)^β</c> up to the optimal scale
/// Q*, and <c>C_s(Q*) · (Q / Q*)^β₂</c> beyond it (β₂ ≥ 1: scale stops paying; Ferro et al. 2011 find water
/// scale economies up to 100k–1M people served). β defaults to 0.85; 0.84 for water (Shih et al. 2006).
/// A region alone pays its own curve anchored at its standalone unit cost u_i:
/// <c>C_i(q) = u_i · q₀ · (q / q₀)^β</c> (the common curve where no u_i is given).
/// </para>
/// <para>
/// Member i of agreement a with host h pays <c>share_i · C_s(Q) · k_i + τ_s · q_i · d(i,h) + coordination</c>,
/// with <c>Q = Σ q_m</c>, <c>share_i</c> by the cost rule (pro rata to current demand, to population, or equal),
/// capacity factor <c>k_i = 1 − η·c_i</c> and haulage τ per unit-km. Its saving is what it would pay alone,
/// <c>C_i(q_i) · k_i</c>, minus that; it can be negative and the outputs keep the sign.
/// Literature for sanity: inter-municipal waste cooperation saved about 13.5% a year (Struk &amp; Bakoš 2021);
/// Italian municipal unions about 5% per head (Ferraresi et al. 2018); savings concentrate in small
/// members (Bel &amp; Sebő 2021).
/// </para>
/// </summary>
public static class SharedServices
{
    /// <summary>Total monthly cost of serving <paramref name="q"/> units on the common curve of the service.</summary>
    public static double CurveCost(ServiceDefinition s, double q)
    {
        if (q <= 0) return 0;
        if (s.OptimalScale is { } qStar && q > qStar)
        {
            return CurveCost(s, qStar) * Math.Pow(q / qStar, s.DiseconomyElasticity);
        }
        return s.ReferenceUnitCost * s.ReferenceDemand * Math.Pow(q / s.ReferenceDemand, s.CostElasticity);
    }

    /// <summary>Monthly cost for a region serving <paramref name="q"/> units alone (before capacity and shocks).</summary>
    public static double StandaloneCost(SimulationWorld world, int region, int service, double q)
    {
        if (q <= 0) return 0;
        var def = world.Services[service];
        var unit = world.StandaloneUnitCost[region][service];
        var q0 = world.BaseDemand[region][service];
        if (double.IsNaN(unit) || q0 <= 0) return CurveCost(def, q);
        return unit * q0 * Math.Pow(q / q0, def.CostElasticity);
    }

    /// <summary>Demand of a region for a service in a month, with demand shocks applied.</summary>
    public static double Demand(SimulationWorld world, int region, int service, int tick) =>
        world.BaseDemand[region][service] * world.ShockFactor(region, ShockKind.Demand, tick, service);

    /// <summary>Static cost-share weights of the population and equal rules (demand shares are computed per month).</summary>
    public static double[] CostShareWeights(SimulationWorld world, AgreementInfo a)
    {
        var members = a.RegionParties;
        var w = new double[members.Length];
        if (a.Type != AgreementType.SharedService || members.Length == 0) return w;
        var rule = a.Definition.CostRule;
        var total = 0.0;
        for (var m = 0; m < members.Length; m++)
        {
            w[m] = rule == CostRule.Population ? world.Regions[members[m]].Population : 1.0;
            total += w[m];
        }
        for (var m = 0; m < members.Length; m++) w[m] = total > 0 ? w[m] / total : 1.0 / members.Length;
        return w;
    }

    /// <summary>What one member pays for one month of a shared service, and what it would pay alone.</summary>
    public readonly record struct Bill(
        double Alone,
        double Paid,
        double Share,
        double PooledCost,
        double CapacityFactor,
        double Haulage,
        double Coordination)
    {
        /// <summary>Saving from sharing: standalone cost minus everything paid (negative for a loss-making agreement).</summary>
        public double Saving => Alone - Paid;
        /// <summary>The member's share of the facility cost before the capacity factor (the base capital funding lowers).</summary>
        public double RawShare => Share * PooledCost;
    }

    /// <summary>
    /// The bill of member <paramref name="region"/> of shared agreement <paramref name="a"/> in month
    /// <paramref name="tick"/>, given the member's capacity. Every party can compute every bill from the
    /// scenario alone (demands and shocks are scenario data), so the engine needs no invoice messages.
    /// </summary>
    public static Bill MemberBill(SimulationWorld world, AgreementInfo a, int region, int tick, double capacity) =>
        MemberTerms(world, a, region, tick).ForCapacityFactor(CapacityFactor(world, capacity));

    /// <summary>The parts of a member's bill that do not depend on its capacity (the same in every replication lane).</summary>
    public readonly record struct Terms(double AloneRaw, double Share, double PooledCost, double Haulage, double Coordination)
    {
        public Bill ForCapacityFactor(double k) =>
            new(AloneRaw * k, Share * PooledCost * k + Haulage + Coordination, Share, PooledCost, k, Haulage, Coordination);
    }

    public static Terms MemberTerms(SimulationWorld world, AgreementInfo a, int region, int tick)
    {
        var s = a.Service;
        var def = world.Services[s];
        var members = a.RegionParties;
        var pooledDemand = 0.0;
        var position = -1;
        for (var m = 0; m < members.Length; m++)
        {
            pooledDemand += Demand(world, members[m], s, tick);
            if (members[m] == region) position = m;
        }
        if (position < 0) throw new ArgumentException($"region {world.EntityIds[region]} is not a member of {a.Id}");
        var q = Demand(world, region, s, tick);
        var share = a.Definition.CostRule == CostRule.Demand
            ? (pooledDemand > 0 ? q / pooledDemand : 1.0 / members.Length)
            : a.CostShareWeights[position];
        var pooled = CurveCost(def, pooledDemand) * world.ShockFactor(a.Host, ShockKind.Cost, tick, s);
        var aloneRaw = StandaloneCost(world, region, s, q) * world.ShockFactor(region, ShockKind.Cost, tick, s);
        var haulage = def.HaulagePerUnitKm * q * a.HaulKm[position];
        return new Terms(aloneRaw, share, pooled, haulage, def.CoordinationCost);
    }

    /// <summary>Standalone monthly cost of a service for a region (with shocks and capacity), and its raw cost before capacity.</summary>
    public static (double Cost, double Raw) Standalone(SimulationWorld world, int region, int service, int tick, double capacity)
    {
        var raw = StandaloneCost(world, region, service, Demand(world, region, service, tick))
                  * world.ShockFactor(region, ShockKind.Cost, tick, service);
        return (raw * CapacityFactor(world, capacity), raw);
    }

    /// <summary>Capacity lowers every service cost by the factor (1 − η·c), η = capacity_cost_effect (default 0.1).</summary>
    public static double CapacityFactor(SimulationWorld world, double capacity) =>
        1 - world.Parameters.CapacityCostEffect * capacity;

    /// <summary>
    /// Ex-ante net benefit of a shared agreement for all members together at current conditions (Rp a month):
    /// the quantity the One Gate quality screen compares with its threshold.
    /// </summary>
    public static double ExpectedNetBenefit(SimulationWorld world, AgreementInfo a, int tick, Func<int, double> capacityOf)
    {
        var total = 0.0;
        foreach (var m in a.RegionParties) total += MemberBill(world, a, m, tick, capacityOf(m)).Saving;
        return total;
    }
}
