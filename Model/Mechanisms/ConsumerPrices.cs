namespace KerjasamaGraph.Model.Mechanisms;

/// <summary>
/// Consumer prices (MODEL.md section 4): CPI_t = 100 · (Σ_c w_c · p_c,t / p̄_c + (1 − Σ_c w_c) · N_t), a Laspeyres
/// index over the food price relatives with the commodities' CPI weights plus a non-food path
/// N_t = (1 + g)^t × non_food_price shocks active in month t (t counted from the run's first month, N = 1 there).
/// Month-on-month inflation is CPI_t / CPI_{t−1} − 1 and year-on-year CPI_t / CPI_{t−12} − 1, in percent. The twelve
/// months before the run are seeded from the base: food relatives of 1 and N_t = (1 + g)^t for t = −12..−1,
/// so year-on-year inflation exists from the first month. A region without an entry for a commodity has a relative of 1.
/// </summary>
public static class ConsumerPrices
{
    public static double NonFoodLevel(double trend, int tick, double shock) => Math.Pow(1 + trend, tick) * shock;

    public static double Index(double foodPart, double foodWeight, double nonFoodLevel) =>
        100 * (foodPart + (1 - foodWeight) * nonFoodLevel);

    public static double InflationPercent(double current, double previous) => previous > 0 ? (current / previous - 1) * 100 : 0;
}
