using System.IO.Compression;
using System.Text;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Runs;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;
using KerjasamaGraph.Tests.Generation;
using KerjasamaGraph.Tests.Support;

namespace KerjasamaGraph.Tests.Golden;

/// <summary>
/// Golden outputs: every shipped scenario (baseline and each variant) and a generated 514-region scenario run on the
/// reference engine with a fixed seed and four replication lanes (so means and percentile bands are exercised), written
/// through <see cref="RunFolders"/> exactly as <c>kerjasama run</c> writes them, and compared byte for byte with the
/// files committed under Tests/Golden/ (gzip-compressed to keep the repository small: <c>zcat</c> or <c>zdiff</c> reads them).
/// Any change to the model's arithmetic or to the order of its operations shows here.
/// After an intended change, set KERJASAMA_UPDATE_GOLDEN=1 and run these tests once to rewrite the files, then review the diff.
/// </summary>
public class GoldenOutputTests
{
    private const int Lanes = 4;
    private static readonly string[] Tables = [RunWriter.RegionsFile, RunWriter.AgreementsFile, RunWriter.SummaryFile];

    /// <summary>
    /// (case name, scenario file or "generated-514", variant, months). Months are shortened where the full run would make
    /// large files, but each case keeps the months its mechanisms act in: the generated scenario's first year, when its
    /// agreements are initiated, reviewed and activated by the hundred; the inflation scenarios cover food prices, CPI and
    /// triggers; one-gate covers the review queue, rejections, withdrawal after losses (2019), revocations and renewals;
    /// the province and international scenarios cover shared services, knowledge and capital funding; "mixed" is the
    /// hand-made scenario of the determinism tests (every mechanism on five regions, with One Gate and withdrawals).
    /// </summary>
    public static readonly TheoryData<string, string, string?, int> Cases = new()
    {
        { "jambi-province", "jambi-province.yaml", null, 36 },
        { "jambi-batanghari-2023", "jambi-batanghari-2023.yaml", null, 30 },
        { "jambi-batanghari-2023.with-muaro-jambi", "jambi-batanghari-2023.yaml", "with-muaro-jambi", 30 },
        { "jambi-one-gate", "jambi-one-gate.yaml", null, 84 },
        { "jambi-one-gate.no-one-gate", "jambi-one-gate.yaml", "no-one-gate", 84 },
        { "kota-jambi-international", "kota-jambi-international.yaml", null, 36 },
        { "kota-jambi-international.no-kfw", "kota-jambi-international.yaml", "no-kfw", 36 },
        { "jambi-inflation-2022", "jambi-inflation-2022.yaml", null, 24 },
        { "jambi-inflation-2022.no-agreements", "jambi-inflation-2022.yaml", "no-agreements", 24 },
        { "jambi-inflation-2022.calibrated", "jambi-inflation-2022.calibrated.yaml", null, 24 },
        { "generated-514", "generated-514", null, 12 },
        { "mixed", "mixed", null, 30 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Reference_engine_outputs_match_the_committed_files(string name, string source, string? variant, int months)
    {
        var scenario = Load(source, variant);
        scenario = scenario with { Run = scenario.Run with { Replications = Lanes, Months = Math.Min(months, scenario.Run.Months) } };

        var work = Path.Combine(Path.GetTempPath(), "kerjasama-golden-" + Guid.NewGuid().ToString("N"));
        try
        {
            var origin = new RunOrigin(source, "golden", "golden");
            var (folder, _) = await RunFolders.WriteAsync(new ReferenceEngine(), scenario, Path.Combine(work, name), origin);
            var goldenDir = Path.Combine(GoldenDirectory(), name);
            var update = Environment.GetEnvironmentVariable("KERJASAMA_UPDATE_GOLDEN") == "1";
            foreach (var table in Tables)
            {
                var actual = await File.ReadAllBytesAsync(Path.Combine(folder, table));
                var goldenPath = Path.Combine(goldenDir, table + ".gz");
                if (update)
                {
                    Directory.CreateDirectory(goldenDir);
                    await File.WriteAllBytesAsync(goldenPath, Compress(actual));
                    continue;
                }
                Assert.True(File.Exists(goldenPath), $"{goldenPath} is missing: run with KERJASAMA_UPDATE_GOLDEN=1 to create it");
                var expected = Decompress(await File.ReadAllBytesAsync(goldenPath));
                if (!expected.AsSpan().SequenceEqual(actual)) Assert.Fail($"{name}/{table}: {FirstDifference(expected, actual)}");
            }
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public void Every_shipped_scenario_has_a_golden_case()
    {
        var covered = Cases.Select(c => (string)c[1]!).ToHashSet();
        foreach (var file in Directory.GetFiles(ShippedScenarioTests.ScenarioDirectory(), "*.yaml"))
            Assert.Contains(Path.GetFileName(file), covered);
    }

    private static Scenario Load(string source, string? variant)
    {
        if (source == "mixed") return TestScenarios.Mixed();
        if (source == "generated-514")
        {
            // As `kerjasama generate --regions 514 --seed 7` writes it, with members withdrawing after three loss-making
            // months so that loss streaks and withdrawals are exercised at scale (no shipped scenario sets the policy).
            var generated = ScenarioGenerator.Generate(514, 7);
            return generated with { Policies = generated.Policies with { RevokeAfterLossMonths = 3 } };
        }
        var loaded = ScenarioLoader.Load(Path.Combine(ShippedScenarioTests.ScenarioDirectory(), source), variant);
        Assert.True(loaded.Ok, string.Join("\n", loaded.Errors));
        return loaded.Scenario!;
    }

    internal static string GoldenDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KerjasamaGraph.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        return Path.Combine(dir.FullName, "Tests", "Golden");
    }

    /// <summary>The first line that differs, with both versions, so a failure says where the outputs part.</summary>
    private static string FirstDifference(byte[] expected, byte[] actual)
    {
        var e = Encoding.UTF8.GetString(expected).Split('\n');
        var a = Encoding.UTF8.GetString(actual).Split('\n');
        for (var i = 0; i < Math.Min(e.Length, a.Length); i++)
        {
            if (e[i] != a[i]) return $"line {i + 1} differs\n  expected: {e[i]}\n  actual:   {a[i]}";
        }
        return $"expected {e.Length} lines, got {a.Length}";
    }

    private static byte[] Compress(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.SmallestSize)) gz.Write(data);
        return output.ToArray();
    }

    private static byte[] Decompress(byte[] data)
    {
        using var input = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
