using KerjasamaGraph.Client;
using Spectre.Console.Testing;

namespace KerjasamaGraph.Tests.Cli;

[CollectionDefinition("cli", DisableParallelization = true)]
public sealed class CliCollection;

/// <summary>
/// Runs the `kerjasama` command in-process, in a scratch folder, on the terminal presentation path: a wide,
/// interactive test console (progress bars, tables), with standard output and standard error captured.
/// The pipe path (the built program as a process) is exercised by <see cref="ProgramProcess"/>.
/// </summary>
public sealed class CliHarness : IDisposable
{
    /// <summary>The width of the test terminal.</summary>
    public const int TerminalWidth = 120;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "kerjasama-cli-" + Guid.NewGuid().ToString("N")[..8]);

    public CliHarness() => System.IO.Directory.CreateDirectory(Directory);

    public string PathOf(string name) => System.IO.Path.Combine(Directory, name);

    public string Write(string name, string text)
    {
        var path = PathOf(name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <param name="Out">What the command showed: the console (tables, progress, messages) and anything written to standard output.</param>
    /// <param name="Error">Standard error: one line per problem.</param>
    public sealed record Result(int ExitCode, string Out, string Error)
    {
        /// <summary><see cref="Out"/> with each run of blanks and line breaks as one space: what was said, however the console wrapped it.</summary>
        public string Text => System.Text.RegularExpressions.Regex.Replace(Out, @"\s+", " ");
    }

    public Task<Result> Run(params string[] args) => Run(CancellationToken.None, args);

    public async Task<Result> Run(CancellationToken cancellationToken, params string[] args)
    {
        var originalOut = Console.Out;
        var originalError = Console.Error;
        var output = new StringWriter();
        var error = new StringWriter();
        using var console = new TestConsole().Width(TerminalWidth).Interactive();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var code = await KerjasamaApp.RunAsync(args, cancellationToken, console);
            return new Result(code, console.Output + output, error.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
    }

    /// <summary>A small valid scenario: four regions, a partner, a shared landfill, knowledge and funding.</summary>
    public const string SmallScenario = """
        scenario: { name: Small test, description: Four regions and one partner }
        run: { start: 2023-01, months: 18, seed: 3, replications: 2 }
        lifecycle: { initiative: 1, offer: 1, joint_agreement: 1, council_approval: 2, implementing_agreement: 1 }
        policies:
          one_gate: { enabled: true, regions: [kota], review_capacity: 2, review_months: 1, quality_threshold: 0 }
          coordination_delay_months: 2
        services:
          waste: { name: Solid waste, unit: t, cost_elasticity: 0.85, reference_demand: 10000, reference_unit_cost: 150000, haulage_per_unit_km: 300, coordination_cost: 20000000 }
        regions:
          - { id: kota, name: Kota, kind: kota, province: P, population: 600000, area_km2: 205, lat: -1.61, lon: 103.61, budget: 2.0e12, capacity: 0.6, services: { waste: { demand: 12000 } } }
          - { id: muaro, name: Muaro, kind: kabupaten, province: P, population: 400000, area_km2: 5326, lat: -1.65, lon: 103.85, budget: 1.6e12, capacity: 0.3, services: { waste: { demand: 6000, unit_cost: 190000 } } }
          - { id: batang, name: Batang, kind: kabupaten, province: P, population: 300000, area_km2: 5804, lat: -1.75, lon: 103.15, budget: 1.4e12, capacity: 0.25, services: { waste: { demand: 4500 } } }
          - { id: tanjab, name: Tanjab, kind: kabupaten, province: P, population: 230000, area_km2: 5445, lat: -1.15, lon: 103.85, budget: 1.3e12, capacity: 0.2, services: { waste: { demand: 3000 } } }
        partners:
          - { id: kfw, name: KfW, kind: donor, country: Germany, capacity: 0.9, funds: 3.0e11, lat: 50.1, lon: 8.7 }
        neighbours:
          - { a: kota, b: muaro, border_km: 70.4, road_km: 15 }
          - { a: muaro, b: batang, border_km: 156 }
          - { a: muaro, b: tanjab, border_km: 160 }
        agreements:
          - { id: landfill, type: shared_service, name: Joint landfill, legal_form: ksdd_wajib, parties: [kota, muaro], host: kota, service: waste, cost_rule: demand, lifecycle: { initiated: 2023-02, term_months: 60 } }
          - { id: kfw-grant, type: funding, name: Landfill grant, legal_form: ksdln, parties: [kfw, kota], service: waste, amount: 2.4e11, lifecycle: { active_from: 2023-01, term_months: 48 } }
          - { id: digital, type: knowledge, name: Digital services, legal_form: ksdd_sukarela, parties: [kota, batang], lifecycle: { initiated: 2023-03, term_months: 24 } }
        variants:
          no-one-gate:
            description: Agencies negotiate without the coordination office
            policies: { one_gate: { enabled: false } }
          with-batang:
            description: Batang joins the landfill
            agreements: [ { id: landfill, legal_form: ksdd_sukarela, parties: [kota, muaro, batang] } ]
        """;
}
