using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using KerjasamaGraph.Tests.Cli.Examples;

namespace KerjasamaGraph.Tests.Cli;

/// <summary>
/// `kerjasama bench --cluster N`: the benchmark on N kerjasama-silo processes with Redis membership that it starts,
/// times and stops itself, shown as users see it (no --quiet), and the one-line errors when it cannot start them.
/// </summary>
[Collection("cli")]
public sealed partial class BenchClusterTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Bench_on_silo_processes_prints_its_row_with_the_calls_of_as_many_in_process_silos_and_the_silos_memory()
    {
        // Processes started from here on carry this mark in their environment, so that those of this test can be told apart.
        var mark = Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(MarkVariable, mark);
        var r = await _cli.Run("bench", "--regions", "30", "--months", "3", "--lanes", "2", "--engines", "orleans", "--silos", "1,2", "--cluster", "2");
        Assert.True(r.ExitCode == 0, r.Error + r.Out);
        Assert.Equal("", r.Error);
        var lines = r.Out.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Equal("Benchmark: generated scenarios, 3 months, seed 1, " + Environment.ProcessorCount + " cores", lines[0]);
        Assert.Equal(["  30 regions, 2 lanes, orleans 1 silo…", "  30 regions, 2 lanes, orleans 2 silos…", "  30 regions, 2 lanes, orleans 2 silo processes…"], lines[1..4]);
        Assert.Equal("Engine benchmark", lines[4].Trim());
        Assert.Equal(["Regions", "Agr.", "Lanes", "Engine", "Wall s", "µs/region-month-lane", "µs steady", "Ratio", "Calls/month", "Peak MiB"], Cells(lines[6]));

        var rows = lines.Skip(8).TakeWhile(l => l.Length > 0).Select(Cells).ToList();
        // Ten columns fit 120 characters, the longest engine name too: no cell wraps onto a second line.
        Assert.True(rows.All(c => c.Length == 10), r.Out);
        Assert.Equal(["orleans 1 silo", "orleans 2 silos", "orleans 2 silo processes"], rows.Select(c => c[3]));
        foreach (var row in rows)
        {
            Assert.Equal(10, row.Length);
            Assert.Equal(["30", "2"], new[] { row[0], row[2] });
            Assert.True(Number(row[4]) > 0 && Number(row[5]) > 0 && Number(row[9].Split(" + ")[0]) > 0, string.Join(" | ", row));
            // Steady: the wall time after the first month over the remaining two months of region-month-lanes.
            Assert.True(Number(row[6]) > 0 && Number(row[6]) * 30 * 2 * 2 < Number(row[4]) * 1e6, string.Join(" | ", row));
            Assert.Equal("–", row[7]);
        }
        // Two silo processes run the shards two in-process silos run: the same grain calls per month.
        Assert.Equal(rows[1][8], rows[2][8]);
        Assert.Equal(7, Number(rows[0][8]));
        // Peak memory: of the process that measured (its silos in it) and, for silo processes, the client's + the silos'
        // (two .NET processes of some tens of MiB at least).
        Assert.DoesNotContain("+", rows[0][9] + rows[1][9]);
        var clientAndSilos = rows[2][9].Split(" + ");
        Assert.Equal(2, clientAndSilos.Length);
        Assert.True(Number(clientAndSilos[1]) > 2 * 20, rows[2][9]);
        Assert.Matches(@"^\s+Silo start-up \(not timed above\): up to \d+\.\d\d s$", lines[8 + rows.Count + 1]);

        // Everything it started is stopped: no redis-server or silo process of this test is left.
        Assert.Empty(ClusterProcesses(mark));
    }

    [Fact]
    public async Task A_silo_program_that_is_not_there_is_one_line_before_anything_is_measured()
    {
        var missing = _cli.PathOf("nowhere/kerjasama-silo");
        var r = await _cli.Run("bench", "--regions", "30", "--months", "3", "--lanes", "1", "--engines", "reference", "--cluster", "2", "--silo-program", missing);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"--silo-program {missing}: no such file (give kerjasama-silo or kerjasama-silo.dll, built with `dotnet build -c Release Silo`)", r.Error.Trim());
        Assert.DoesNotContain("Benchmark:", r.Out);
    }

    [Fact]
    public async Task Redis_server_missing_is_one_line()
    {
        // The built program with a PATH on which there is no redis-server.
        var empty = Directory.CreateDirectory(_cli.PathOf("empty-path")).FullName;
        var (code, output, error) = await BuiltProgram.Run(BuiltProgram.Client, ["bench", "--regions", "30", "--months", "3", "--lanes", "1", "--cluster", "2"],
            _cli.Directory, TimeSpan.FromMinutes(2), new Dictionary<string, string> { ["PATH"] = empty });
        Assert.Equal(2, code);
        Assert.Equal("--cluster: redis-server is not installed (Debian: apt-get install redis-server); the benchmark starts its own, in memory only", error.Trim());
        Assert.DoesNotContain("Benchmark:", output);
    }

    [Fact]
    public async Task Shards_apply_to_in_process_silos_only()
    {
        var r = await _cli.Run("bench", "--regions", "30", "--months", "3", "--lanes", "1", "--cluster", "2", "--shards", "4");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("--shards: applies to in-process silos only; silo processes (--cluster) run two shards per silo, as `run --connect` does", r.Error.Trim());
        var zero = await _cli.Run("bench", "--regions", "30", "--months", "3", "--lanes", "1", "--cluster", "0");
        Assert.Equal(2, zero.ExitCode);
        Assert.Equal("--cluster: '0' is not a whole number from 1 to 16", zero.Error.Trim());
    }

    private static string[] Cells(string line) => TwoOrMoreSpaces().Split(line.Trim());

    private static double Number(string cell) => double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture);

    private const string MarkVariable = "KERJASAMA_TEST_BENCH_MARK";

    /// <summary>The redis-server and kerjasama-silo processes running now that carry <paramref name="mark"/> in their environment.</summary>
    private static List<string> ClusterProcesses(string mark) =>
        Process.GetProcesses().Select(p =>
        {
            try
            {
                var cmdline = File.ReadAllText($"/proc/{p.Id}/cmdline").Replace('\0', ' ');
                var ours = File.ReadAllText($"/proc/{p.Id}/environ").Split('\0').Contains($"{MarkVariable}={mark}");
                return ours && (cmdline.Contains("redis-server", StringComparison.Ordinal) || cmdline.Contains("kerjasama-silo", StringComparison.Ordinal)) ? $"{p.Id}: {cmdline}" : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        }).OfType<string>().ToList();

    [GeneratedRegex(" {2,}")]
    private static partial Regex TwoOrMoreSpaces();
}
