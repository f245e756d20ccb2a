using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Tests.Support;

namespace KerjasamaGraph.Tests.Scenarios;

/// <summary>The JSON a client hands to silos (and that checkpoints hash) carries every value a scenario can hold.</summary>
public class ScenarioJsonTests
{
    [Fact]
    public void An_infinite_quality_threshold_round_trips()
    {
        var scenario = TestScenarios.Base() with
        {
            Policies = new Policies { OneGate = new OneGatePolicy { Enabled = true, QualityThreshold = double.NegativeInfinity } },
        };
        var json = ScenarioJson.Serialize(scenario);
        Assert.Contains("\"-Infinity\"", json);
        var back = ScenarioJson.Deserialize(json);
        Assert.Equal(double.NegativeInfinity, back.Policies.OneGate.QualityThreshold);
        Assert.Equal(json, ScenarioJson.Serialize(back));
    }
}
