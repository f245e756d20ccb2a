using System.Globalization;
using System.Text;
using KerjasamaGraph.Model.Graph;
using KerjasamaGraph.Model.Graph.Dynamics;
using KerjasamaGraph.Model.Graph.Export;
using KerjasamaGraph.Model.Graph.Metrics;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Tests.Graph.Support;
using Xunit;

namespace KerjasamaGraph.Tests.Graph;

/// <summary>Run folders (manifest.json, agreements.csv, regions.csv written here) to over-time metrics and dynamic GEXF.</summary>
public sealed class RunOverTimeTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kg-run-");
    private static readonly string[] Regions = ["kota-jambi", "muaro-jambi", "batanghari", "tanjabtim", "kerinci"];

    public void Dispose() => _dir.Delete(true);

    private string WriteRun(string? agreementsOverride = null)
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "manifest.json"), """{ "scenario_path": "scenarios/jambi.yaml", "variant": "one-gate", "months": 4 }""");
        var agreements = agreementsOverride ?? """
            month,agreement,type,legal_form,owner,state,active_share,benefit_signatories_mean
            2023-01,ss-waste,shared_service,ksdd_sukarela,kota-jambi,offer,0,0
            2023-01,food-1,food_supply,ksdd_sukarela,kerinci,active,1,10
            2023-02,ss-waste,shared_service,ksdd_sukarela,kota-jambi,active,1,5
            2023-02,food-1,food_supply,ksdd_sukarela,kerinci,active,1,10
            2023-03,ss-waste,shared_service,ksdd_sukarela,kota-jambi,active,1,5
            2023-03,food-1,food_supply,ksdd_sukarela,kerinci,expired,0,0
            2023-04,ss-waste,shared_service,ksdd_sukarela,kota-jambi,active,0.6,5
            2023-04,food-1,food_supply,ksdd_sukarela,kerinci,active,0.4,4
            """;
        File.WriteAllText(Path.Combine(_dir.FullName, "agreements.csv"), agreements.Replace("\r", "") + "\n");
        var regions = new StringBuilder("month,region,benefit_mean,benefit_p05,benefit_p95,capacity_mean,capacity_p05,capacity_p95\n");
        for (var t = 0; t < 4; t++)
            for (var r = 0; r < Regions.Length; r++)
                regions.Append(CultureInfo.InvariantCulture, $"2023-{t + 1:D2},{Regions[r]},{100 * r + (t < 2 ? 0 : t)},0,1,{0.5 + 0.01 * r},0.4,0.6\n");
        File.WriteAllText(Path.Combine(_dir.FullName, "regions.csv"), regions.ToString());
        return _dir.FullName;
    }

    [Fact]
    public void Run_tables_give_months_active_agreements_and_region_series()
    {
        var run = RunTables.Read(WriteRun());
        Assert.Equal("scenarios/jambi.yaml", run.ScenarioPath);
        Assert.Equal("one-gate", run.Variant);
        Assert.Equal(4, run.Months.Count);
        Assert.Equal(["food-1"], run.Active[YearMonth.Of(2023, 1)].Keys);
        // With replications an agreement counts as active when active in at least half of them.
        Assert.Equal(["ss-waste"], run.Active[YearMonth.Of(2023, 4)].Keys);
        Assert.Equal(0.6, run.Active[YearMonth.Of(2023, 4)]["ss-waste"]);
        Assert.Equal(["benefit", "capacity"], run.RegionColumns);
        Assert.Equal(400, run.RegionValues[YearMonth.Of(2023, 2)]["kerinci"]["benefit"]);
    }

    [Fact]
    public void Bad_values_are_reported_with_file_and_line()
    {
        var dir = WriteRun("""
            month,agreement,type,legal_form,owner,state,active_share
            2023-01,food-1,food_supply,ksdd_sukarela,kerinci,active,1
            2023-13,food-1,food_supply,ksdd_sukarela,kerinci,active,1
            """);
        var e = Assert.Throws<GraphInputException>(() => RunTables.Read(dir));
        Assert.Equal($"{Path.Combine(dir, "agreements.csv")}:3: month '2023-13' is not YYYY-MM", e.Message);
    }

    [Fact]
    public void Over_time_metrics_follow_the_active_agreements()
    {
        var schedule = ActivitySchedule.FromRun(RunTables.Read(WriteRun()));
        var options = new CooperationGraphOptions { Layer = GraphLayer.Agreements };
        var months = OverTimeMetrics.Compute(GraphScenarios.Jambi(), options, schedule, new MetricsOptions()).ToList();
        Assert.Equal(["2023-01", "2023-02", "2023-03", "2023-04"], months.Select(m => m.Month));
        double Degree(int t, string id) => months[t].Result.Column("degree")[months[t].Result.Nodes.ToList().FindIndex(n => n.Id == id)];
        Assert.Equal(1, Degree(0, "kerinci"));
        Assert.Equal(0, Degree(2, "kerinci"));
        Assert.Equal(2, Degree(1, "batanghari"));
        var text = new StringWriter();
        MetricsWriter.WriteOverTimeCsv(months, text);
        var lines = text.ToString().Split('\n');
        Assert.Equal("month,node,metric,value", lines[0]);
        Assert.Contains("2023-01,kerinci,degree,1", lines);
        Assert.Contains("2023-02,,edges,4", lines);
    }

    [Fact]
    public void Scenario_dates_give_a_schedule_without_a_run()
    {
        var schedule = ActivitySchedule.FromScenario(GraphScenarios.Jambi());
        Assert.Equal(6, schedule.Months.Count);
        Assert.Equal(["food-1"], schedule.Months[0].Active.Keys);
        Assert.Equal(["food-1", "fund-1", "ss-waste"], schedule.Months[2].Active.Keys.Order());
        Assert.DoesNotContain("fund-1", schedule.Months[4].Active.Keys); // revoked from 2023-05
        Assert.DoesNotContain("know-1", schedule.EverActive().Keys);     // only initiated: needs a run
    }

    [Fact]
    public void Dynamic_gexf_reads_back_in_networkx_with_spells_and_series()
    {
        var schedule = ActivitySchedule.FromRun(RunTables.Read(WriteRun()));
        var timeline = GraphTimeline.Build(GraphScenarios.Jambi(), new CooperationGraphOptions { Layer = GraphLayer.Agreements }, schedule);
        var path = Path.Combine(_dir.FullName, "dynamic.gexf");
        using (var w = new StreamWriter(path, false, new UTF8Encoding(false))) GexfWriter.WriteDynamic(timeline, w);
        const string script = """
import json, sys
import networkx as nx
G = nx.read_gexf(sys.argv[1])
print(json.dumps({
  "mode": G.graph.get("mode"),
  "edges": {"|".join(sorted((u, v))): d.get("spells") for u, v, d in G.edges(data=True)},
  "benefit": G.nodes["kerinci"].get("benefit"),
  "degree": G.nodes["batanghari"].get("degree"),
}))
""";
        var read = PythonNetworkX.RunJsonWith(PythonNetworkX.PythonForFiles, script, path);
        Assert.Equal("dynamic", read.GetProperty("mode").GetString());
        var end = (int t) => GexfWriter.MonthEnd(t);
        Assert.Equal([[0.0, end(1)]], Spells(read, "kerinci|kota-jambi"));
        Assert.Equal([[1.0, end(3)]], Spells(read, "batanghari|muaro-jambi"));
        // benefit of kerinci: 400 in months 0-1 (one interval), then 402, 403.
        var benefit = read.GetProperty("benefit").EnumerateArray().Select(a => a.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToList();
        Assert.Equal([[400, 0, end(1)], [402, 2, end(2)], [403, 3, end(3)]], benefit);
        var degree = read.GetProperty("degree").EnumerateArray().Select(a => a.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToList();
        Assert.Equal([[0, 0, end(0)], [2, 1, end(3)]], degree);
        Assert.True(end(1) < 2 && end(1) > 1.9999999);
    }

    private static double[][] Spells(System.Text.Json.JsonElement read, string key) =>
        read.GetProperty("edges").GetProperty(key).EnumerateArray().Select(s => s.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray();
}
