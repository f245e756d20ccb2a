namespace KerjasamaGraph.Model.Mechanisms;

/// <summary>
/// Food prices (MODEL.md section 4), per region and commodity, a month:
/// <list type="number">
/// <item>excess demand x = (D − S)/D, bounded to [−1, 1] (0 without demand);</item>
/// <item>response and mean reversion in logs: ln p′ = ln p + κ·x − μ·(ln p − ln p̄), with p̄ the base price;
/// the log deviation is bounded to ±<see cref="MaxLogDeviation"/> so prices stay positive and finite whatever κ, μ and the run length;</item>
/// <item>transmission between linked markets (neighbours, and partners in an active food agreement for the commodity):
/// with τ_ij = freight rate × freight shocks × distance × (1 − the agreement's freight subsidy), where
/// p′_i &gt; p_j + τ_ij the largest such gap closes by λ: p″ = p′ − λ·max_j(p′ − p_j − τ_ij). Neighbours' prices are
/// last month's (from their snapshots). Default λ = 0.38 a month: shallots in North Sumatra correct 38% of a
/// deviation a month and transmission slows beyond 180 km (Sebayang et al. 2025); inter-province gaps of 5-12%
/// for rice (Varela et al. 2012) set the scale of τ. Only the dearer market moves (buyers switch to the cheaper
/// source); with λ ≤ 1 and p_j + τ ≥ 0 the price stays positive.</item>
/// </list>
/// </summary>
public static class Prices
{
    public const double MaxLogDeviation = 20;

    /// <summary>x = (D − S)/D in [−1, 1]; 0 without demand, and 0 where extreme shocks leave supply undefined (∞ − ∞).</summary>
    public static double ExcessDemand(double demand, double supply)
    {
        if (!(demand > 0)) return 0;
        var x = (demand - supply) / demand;
        return double.IsNaN(x) ? 0 : Math.Clamp(x, -1, 1);
    }

    public static double Respond(double price, double basePrice, double excessDemand, double kappa, double mu)
    {
        var deviation = Math.Log(price / basePrice);
        var next = deviation + kappa * excessDemand - mu * deviation;
        return basePrice * Math.Exp(Math.Clamp(next, -MaxLogDeviation, MaxLogDeviation));
    }

    /// <summary>The transport band τ between two markets.</summary>
    public static double Band(double freightRate, double freightShock, double distanceKm, double subsidy) =>
        freightRate * freightShock * distanceKm * (1 - subsidy);

    /// <summary>The gap beyond the band, max(0, p − p_j − τ).</summary>
    public static double Gap(double price, double otherPrice, double band) => Math.Max(0, price - otherPrice - band);

    public static double Transmit(double price, double largestGap, double lambda) => price - lambda * largestGap;
}
