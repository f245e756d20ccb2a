using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;

namespace KerjasamaGraph.Tests.Support;

/// <summary>Runs a scenario on an engine and keeps every output row.</summary>
public static class EngineRunner
{
    public sealed record Result(RunHeaders Headers, List<MonthRows> Months, Headline Headline)
    {
        /// <summary>All tables as text, for byte-for-byte comparison between engines.</summary>
        public string Text()
        {
            var sb = new System.Text.StringBuilder();
            sb.AppendJoin(',', Headers.Regions).Append('\n').AppendJoin(',', Headers.Agreements).Append('\n').AppendJoin(',', Headers.Summary).Append('\n');
            foreach (var m in Months)
            {
                foreach (var r in m.Regions) sb.AppendJoin(',', r).Append('\n');
                foreach (var r in m.Agreements) sb.AppendJoin(',', r).Append('\n');
                sb.AppendJoin(',', m.Summary).Append('\n');
            }
            return sb.ToString();
        }
    }

    public static async Task<Result> Run(ISimulationEngine engine, Scenario scenario)
    {
        await using var run = await engine.StartAsync(scenario);
        var months = new List<MonthRows>();
        for (var m = 0; m < run.Months; m++) months.Add(await run.AdvanceAsync());
        return new Result(run.Headers, months, await run.FinishAsync());
    }

    public static Result RunReference(Scenario scenario, bool parallel = true) => Run(new ReferenceEngine(parallel), scenario).GetAwaiter().GetResult();

    /// <summary>The value of a column in a table row, by header name.</summary>
    public static string Field(string[] header, string[] row, string column)
    {
        var i = Array.IndexOf(header, column);
        if (i < 0) throw new ArgumentException($"no column {column} in {string.Join(',', header)}");
        return row[i];
    }

    public static double Number(string[] header, string[] row, string column) =>
        double.Parse(Field(header, row, column), System.Globalization.CultureInfo.InvariantCulture);

    public static string[] RegionRow(Result r, int tick, string region) => r.Months[tick].Regions.Single(x => x[1] == region);

    public static string[] AgreementRow(Result r, int tick, string agreement) => r.Months[tick].Agreements.Single(x => x[1] == agreement);
}
