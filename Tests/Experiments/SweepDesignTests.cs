using KerjasamaGraph.Model.Experiments;
using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Tests.Experiments;

public class SweepDesignTests
{
    [Fact]
    public void Factorial_design_crosses_evenly_spaced_levels()
    {
        var d = SweepDesign.Factorial([3, 2]);
        Assert.Equal(6, d.Points.Count);
        Assert.Equal([[0, 0], [0, 1], [0.5, 0], [0.5, 1], [1, 0], [1, 1]], d.Points.Select(p => p.ToArray()).ToArray());
    }

    [Fact]
    public void Latin_hypercube_uses_every_stratum_of_every_parameter_once_and_repeats_for_a_seed()
    {
        var d = SweepDesign.LatinHypercube(3, 10, 42);
        for (var k = 0; k < 3; k++)
        {
            Assert.Equal(Enumerable.Range(0, 10), d.Points.Select(p => (int)Math.Floor(p[k] * 10)).Order());
        }
        Assert.Equal(d.Points, SweepDesign.LatinHypercube(3, 10, 42).Points);
        Assert.NotEqual(d.Points.Select(p => p[0]), SweepDesign.LatinHypercube(3, 10, 43).Points.Select(p => p[0]));
    }

    [Fact]
    public void Morris_trajectories_move_one_parameter_by_delta_per_step_and_recover_linear_effects()
    {
        var d = SweepDesign.Morris(3, 6, 7);
        Assert.Equal(6 * 4, d.Points.Count);
        Assert.Equal(4.0 / 6, d.Delta, 12);
        foreach (var (points, moved) in d.Trajectories)
        {
            Assert.Equal([0, 1, 2], moved.Order());
            for (var s = 0; s < moved.Length; s++)
            {
                var a = d.Points[points[s]];
                var b = d.Points[points[s + 1]];
                for (var k = 0; k < 3; k++)
                {
                    if (k == moved[s]) Assert.Equal(d.Delta, Math.Abs(b[k] - a[k]), 12);
                    else Assert.Equal(a[k], b[k]);
                }
                Assert.All(b, v => Assert.InRange(v, 0, 1 + 1e-12));
            }
        }
        // y = 3·x0 − 2·x1 (x2 does nothing): μ = (3, −2, 0), μ* = (3, 2, 0), σ = 0.
        var output = Enumerable.Range(0, d.Points.Count).ToDictionary(i => i, i => 3 * d.Points[i][0] - 2 * d.Points[i][1]);
        var stats = d.MorrisStatistics(3, output);
        Assert.Equal(3, stats[0].Mu, 9);
        Assert.Equal(-2, stats[1].Mu, 9);
        Assert.Equal(2, stats[1].MuStar, 9);
        Assert.Equal(0, stats[2].MuStar, 9);
        Assert.Equal(0, stats[0].Sigma, 9);
        // A failed point drops the two effects that need it.
        output.Remove(d.Trajectories[0].Points[1]);
        Assert.Equal(6 + 6 + 6 - 2, d.MorrisStatistics(3, output).Sum(s => s.Effects));
    }

    [Fact]
    public void Parameters_parse_ranges_and_report_bad_ones()
    {
        var p = SweepParameter.TryParse("policies.one_gate.review_months=1..4:4", 3, out var error)!;
        Assert.Null(error);
        Assert.Equal((1.0, 4.0, 4), (p.Low, p.High, p.Steps));
        Assert.True(p.IsWholeNumber);
        Assert.Equal(2, p.At(1.0 / 3));
        Assert.Equal(0.3, SweepParameter.TryParse("parameters.spillover_rate=0.1..0.5", 3, out _)!.At(0.5));
        Assert.Null(SweepParameter.TryParse("parameters.spillover_rate", 3, out error));
        Assert.Contains("PATH=LO..HI", error);
        Assert.Null(SweepParameter.TryParse("parameters.spillover_rate=0.5..0.1", 3, out error));
        Assert.Contains("below LO", error);
        Assert.Null(SweepParameter.TryParse("agreements.amount=1..2", 3, out error));
        Assert.Contains("agreements.ID.FIELD", error);
    }

    [Fact]
    public void The_overlay_sets_fields_through_the_scenario_formats_merge_rules()
    {
        var dir = Path.Combine(Path.GetTempPath(), "kg-sweep-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "s.yaml");
            File.WriteAllText(file, Cli.CliHarness.SmallScenario.Replace("\n        ", "\n").TrimStart());
            var parameters = new[]
            {
                SweepParameter.TryParse("policies.one_gate.review_months=1..4", 3, out _)!,
                SweepParameter.TryParse("agreements.kfw-grant.amount=1e9..2e9", 3, out _)!,
                SweepParameter.TryParse("regions.muaro.capacity=0..1", 3, out _)!,
            };
            var loaded = ScenarioLoader.LoadText(SweepParameter.Overlay(file, parameters, [3, 1.5e9, 0.75]), file + "#point");
            Assert.True(loaded.Ok, string.Join("\n", loaded.Errors));
            var s = loaded.Scenario!;
            Assert.Equal(3, s.Policies.OneGate.ReviewMonths);
            Assert.Equal(1.5e9, s.Agreements.Single(a => a.Id == "kfw-grant").Amount);
            Assert.Equal(0.75, s.Regions.Single(r => r.Id == "muaro").Capacity);
            Assert.Equal(400_000, s.Regions.Single(r => r.Id == "muaro").Population);
            Assert.True(s.Policies.OneGate.Enabled);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
