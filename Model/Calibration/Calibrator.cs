using System.Globalization;
using System.Text;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace KerjasamaGraph.Model.Calibration;

/// <summary>A parameter to fit and its bounds. Names: COMMODITY.price_response, COMMODITY.mean_reversion,
/// COMMODITY.transmission, shocks.ID.factor, non_food_trend (of the calibrated region).</summary>
public sealed record CalibrationParameter(string Name, double Low, double High);

public sealed record CalibrationRow(YearMonth Month, double Observed, double Simulated);

/// <param name="Converged">How many of the <paramref name="Starts"/> optimiser runs met the tolerance within
/// <paramref name="MaxIterations"/>; the others stopped at the limit (their best point still counts).</param>
public sealed record CalibrationResult(IReadOnlyList<CalibrationParameter> Parameters, double[] Values, double Rmse, IReadOnlyList<CalibrationRow> Table, int Evaluations,
    int Starts, int Converged, int MaxIterations)
{
    public bool AllConverged => Converged == Starts;
}

/// <summary>
/// Calibration: fits scenario parameters by minimising the root mean square error between simulated and observed
/// month-on-month CPI inflation of one region over a window, on the reference engine with one replication.
/// The optimiser is MathNet.Numerics' Nelder–Mead simplex, run from several starts: the scenario's own values,
/// then points drawn uniformly in the bounds from the counter-based streams (seeded, so a fit repeats exactly).
/// Bounds are kept by optimising an unbounded variable z with value = low + (high − low)·logistic(z).
/// A fit that generalises is preferred: fit few parameters, with bounds a regional economist would defend.
/// </summary>
public static class Calibrator
{
    public static (double Low, double High) DefaultBounds(string name) => name switch
    {
        _ when name.EndsWith(".price_response", StringComparison.Ordinal) => (0.1, 3),
        _ when name.EndsWith(".mean_reversion", StringComparison.Ordinal) => (0.02, 0.9),
        _ when name.EndsWith(".transmission", StringComparison.Ordinal) => (0.05, 0.95),
        _ when name.EndsWith(".factor", StringComparison.Ordinal) => (0.3, 1.5),
        "non_food_trend" => (0, 0.01),
        _ => (0, 1),
    };

    /// <summary>Parses NAME[=LO..HI],... and checks each name against the scenario.</summary>
    public static IReadOnlyList<CalibrationParameter> ParseParameters(string text, Scenario scenario, out List<string> errors)
    {
        errors = [];
        var result = new List<CalibrationParameter>();
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = raw.Split('=', 2);
            var name = parts[0];
            var known = Known(scenario, name);
            if (known is not null) { errors.Add($"--params: {known}"); continue; }
            var (lo, hi) = DefaultBounds(name);
            if (parts.Length == 2)
            {
                var range = parts[1].Split("..");
                if (range.Length != 2 || !double.TryParse(range[0], NumberStyles.Float, CultureInfo.InvariantCulture, out lo)
                    || !double.TryParse(range[1], NumberStyles.Float, CultureInfo.InvariantCulture, out hi) || !(lo < hi))
                {
                    errors.Add($"--params: '{raw}': expected NAME=LO..HI with numbers LO < HI");
                    continue;
                }
            }
            result.Add(new CalibrationParameter(name, lo, hi));
        }
        if (result.Count == 0 && errors.Count == 0) errors.Add("--params: name at least one parameter");
        return result;
    }

    private static string? Known(Scenario s, string name)
    {
        if (name == "non_food_trend") return null;
        var parts = name.Split('.');
        if (parts is ["shocks", var id, "factor"])
            return s.Shocks.Any(k => k.Id == id) ? null : $"unknown shock '{id}' in '{name}'";
        if (parts is [var c, "price_response" or "mean_reversion" or "transmission"])
            return s.Commodities.ContainsKey(c) ? null : $"unknown commodity '{c}' in '{name}'";
        return $"unknown parameter '{name}'; use COMMODITY.price_response, COMMODITY.mean_reversion, COMMODITY.transmission, shocks.ID.factor or non_food_trend";
    }

    public static double Get(Scenario s, string region, string name)
    {
        var parts = name.Split('.');
        return parts switch
        {
            ["shocks", var id, "factor"] => s.Shocks.First(k => k.Id == id).Factor,
            [var c, "price_response"] => s.Commodities[c].PriceResponse,
            [var c, "mean_reversion"] => s.Commodities[c].MeanReversion,
            [var c, "transmission"] => s.Commodities[c].Transmission,
            _ => s.Regions.First(r => r.Id == region).NonFood.Trend,
        };
    }

    public static Scenario Apply(Scenario s, string region, IReadOnlyList<CalibrationParameter> parameters, double[] values)
    {
        for (var i = 0; i < parameters.Count; i++)
        {
            var v = values[i];
            var parts = parameters[i].Name.Split('.');
            s = parts switch
            {
                ["shocks", var id, "factor"] => s with { Shocks = s.Shocks.Select(k => k.Id == id ? k with { Factor = v } : k).ToArray() },
                [var c, var key] => s with
                {
                    Commodities = s.Commodities.ToDictionary(kv => kv.Key, kv => kv.Key != c ? kv.Value : key switch
                    {
                        "price_response" => kv.Value with { PriceResponse = v },
                        "mean_reversion" => kv.Value with { MeanReversion = v },
                        _ => kv.Value with { Transmission = v },
                    }),
                },
                _ => s with { Regions = s.Regions.Select(r => r.Id == region ? r with { NonFood = r.NonFood with { Trend = v } } : r).ToArray() },
            };
        }
        return s;
    }

    /// <summary>Simulated month-on-month inflation of a region for every month of the run (one replication, reference loop).</summary>
    public static double[] SimulateMonthOnMonth(Scenario scenario, string region)
    {
        var world = new SimulationWorld(scenario with { Run = scenario.Run with { Replications = 1 } });
        var r = world.IndexOf(region);
        var states = new RegionState[world.RegionCount];
        var snapshots = new EntitySnapshot[world.EntityCount];
        for (var k = 0; k < world.RegionCount; k++) (states[k], snapshots[k]) = RegionStep.Initialise(world, k);
        for (var e = world.RegionCount; e < world.EntityCount; e++) snapshots[e] = PartnerStep.Initialise(world, e);
        var result = new double[world.Months];
        for (var t = 0; t < world.Months; t++)
        {
            var next = new EntitySnapshot[world.EntityCount];
            for (var k = 0; k < world.RegionCount; k++)
            {
                var (snap, output) = RegionStep.Step(world, states[k], t, ReferenceEngine.Inbox(world, snapshots, k));
                next[k] = snap;
                if (k == r) result[t] = output.Cpi.Length > 0 ? output.Cpi[FoodColumns.MonthOnMonth] : double.NaN;
            }
            for (var e = world.RegionCount; e < world.EntityCount; e++) next[e] = snapshots[e];
            snapshots = next;
        }
        return result;
    }

    public static (double Rmse, IReadOnlyList<CalibrationRow> Table) Evaluate(Scenario scenario, string region, ObservedSeries observed, YearMonth from, YearMonth to)
    {
        var months = Math.Max(scenario.Run.Months, to - scenario.Run.Start + 1);
        var sim = SimulateMonthOnMonth(scenario with { Run = scenario.Run with { Months = months } }, region);
        var table = new List<CalibrationRow>();
        var sum = 0.0;
        for (var m = from; m <= to; m = m.AddMonths(1))
        {
            var t = m - scenario.Run.Start;
            var s = t >= 0 && t < sim.Length ? sim[t] : double.NaN;
            var o = observed.MonthOnMonth[m];
            table.Add(new CalibrationRow(m, o, s));
            sum += (s - o) * (s - o);
        }
        var rmse = Math.Sqrt(sum / table.Count);
        return (double.IsFinite(rmse) ? rmse : double.MaxValue, table);
    }

    public static CalibrationResult Fit(Scenario scenario, string region, ObservedSeries observed, YearMonth from, YearMonth to,
        IReadOnlyList<CalibrationParameter> parameters, int starts = 4, ulong seed = 1, int maxIterations = 300, CancellationToken cancellationToken = default)
    {
        var n = parameters.Count;
        double Value(int i, double z) => parameters[i].Low + (parameters[i].High - parameters[i].Low) / (1 + Math.Exp(-z));
        double Z(int i, double v)
        {
            var u = Math.Clamp((v - parameters[i].Low) / (parameters[i].High - parameters[i].Low), 1e-6, 1 - 1e-6);
            return Math.Log(u / (1 - u));
        }
        var bestValues = parameters.Select((p, i) => Math.Clamp(Get(scenario, region, p.Name), p.Low, p.High)).ToArray();
        var bestError = double.MaxValue;
        var evaluations = 0;
        double Objective(Vector<double> z)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var values = Enumerable.Range(0, n).Select(i => Value(i, z[i])).ToArray();
            var (e, _) = Evaluate(Apply(scenario, region, parameters, values), region, observed, from, to);
            evaluations++;
            if (e < bestError) { bestError = e; bestValues = values; }
            return e;
        }
        var first = (double[])bestValues.Clone();
        var converged = 0;
        for (var s = 0; s < starts; s++)
        {
            var z0 = Enumerable.Range(0, n).Select(i => s == 0
                ? Z(i, first[i])
                : Z(i, parameters[i].Low + (parameters[i].High - parameters[i].Low)
                    * RandomStreams.Uniform(seed, s, RandomStreams.HashId(parameters[i].Name), DrawPurpose.Calibration, 0))).ToArray();
            try
            {
                new NelderMeadSimplex(1e-5, maxIterations).FindMinimum(ObjectiveFunction.Value(Objective),
                    Vector<double>.Build.DenseOfArray(z0), Vector<double>.Build.Dense(n, 0.5));
                converged++;
            }
            catch (MaximumIterationsException)
            {
                // This start did not meet the tolerance within the limit: counted in the result (the caller reports
                // it), and the best point it reached still competes with the other starts'.
            }
        }
        var (rmse, table) = Evaluate(Apply(scenario, region, parameters, bestValues), region, observed, from, to);
        return new CalibrationResult(parameters, bestValues, rmse, table, evaluations, starts, converged, maxIterations);
    }

    /// <summary>The fitted values as a scenario file that extends the calibrated one.</summary>
    public static string OverlayYaml(string extends, string region, CalibrationResult fit, string observedFile, YearMonth from, YearMonth to)
    {
        static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var w = new StringBuilder();
        w.Append("# yaml-language-server: $schema=schema.json\n");
        w.Append("# Fitted by `kerjasama calibrate` on ").Append(observedFile).Append(", region ").Append(region)
            .Append(", window ").Append(from.ToString()).Append("..").Append(to.ToString()).Append(":\n");
        w.Append("# RMSE of month-on-month inflation ").Append(fit.Rmse.ToString("0.000", CultureInfo.InvariantCulture)).Append(" pp.\n");
        if (!fit.AllConverged)
            w.Append("# ").Append(fit.Starts - fit.Converged).Append(" of ").Append(fit.Starts).Append(" optimiser starts stopped at the ")
                .Append(fit.MaxIterations).Append("-iteration limit before converging; the best point found is used.\n");
        w.Append("extends: ").Append(extends).Append('\n');
        var commodities = fit.Parameters.Select((p, i) => (p, i)).Where(x => x.p.Name.Split('.') is [_, "price_response" or "mean_reversion" or "transmission"])
            .GroupBy(x => x.p.Name.Split('.')[0]).ToArray();
        if (commodities.Length > 0)
        {
            w.Append("commodities:\n");
            foreach (var g in commodities)
                w.Append("  ").Append(g.Key).Append(": { ").Append(string.Join(", ", g.Select(x => $"{x.p.Name.Split('.')[1]}: {N(fit.Values[x.i])}"))).Append(" }\n");
        }
        var trend = fit.Parameters.Select((p, i) => (p, i)).Where(x => x.p.Name == "non_food_trend").ToArray();
        if (trend.Length > 0)
            w.Append("regions:\n  - { id: ").Append(region).Append(", non_food: { trend: ").Append(N(fit.Values[trend[0].i])).Append(" } }\n");
        var shocks = fit.Parameters.Select((p, i) => (p, i)).Where(x => x.p.Name.StartsWith("shocks.", StringComparison.Ordinal)).ToArray();
        if (shocks.Length > 0)
        {
            w.Append("shocks:\n");
            foreach (var x in shocks) w.Append("  - { id: ").Append(x.p.Name.Split('.')[1]).Append(", factor: ").Append(N(fit.Values[x.i])).Append(" }\n");
        }
        return w.ToString();
    }
}
