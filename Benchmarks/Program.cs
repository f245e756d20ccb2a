using System.Diagnostics;
using System.Globalization;
using KerjasamaGraph.Benchmarks;

// dotnet run -c Release --project Benchmarks -- graph [--n 5000] [--m 20000] [--regions 514] [--seed 1] [--no-python]
// dotnet run -c Release --project Benchmarks -- months-profile SCENARIO.yaml [--months 12] [--lanes 16] [--shards 1]
// dotnet run -c Release --project Benchmarks -- scenarios [--regions 10000,83000] [--seed 1] [--repeats 3] [--table load|json|all]
var arguments = args.ToList();
if (arguments.Count > 0 && arguments[0] == "months-profile") return MonthProfile.Run(arguments.Skip(1).ToList(), Console.Out);
if (arguments.Count > 0 && arguments[0] == "scenarios-step") return ScenarioBenchmark.Step(arguments.Skip(1).ToList(), Console.Out);
if (arguments.Count > 0 && arguments[0] == "scenarios")
{
    string Text(string name, string fallback) => arguments.IndexOf(name) is var at and >= 0 && at + 1 < arguments.Count ? arguments[at + 1] : fallback;
    var sizes = Text("--regions", "10000,83000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
    Console.WriteLine($"# scenario benchmark: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}");
    return ScenarioBenchmark.Run(sizes, ulong.Parse(Text("--seed", "1"), CultureInfo.InvariantCulture), int.Parse(Text("--repeats", "3"), CultureInfo.InvariantCulture),
        Text("--table", "all"), Console.Out);
}
if (arguments.Count == 0 || arguments[0] != "graph")
{
    Console.Error.WriteLine("usage: KerjasamaGraph.Benchmarks graph [--n N] [--m M] [--regions R] [--seed S] [--no-python]");
    Console.Error.WriteLine("       KerjasamaGraph.Benchmarks scenarios [--regions 10000,83000] [--seed S] [--repeats 3] [--table load|json|all]");
    return 2;
}
int Option(string name, int fallback)
{
    var i = arguments.IndexOf(name);
    return i >= 0 && i + 1 < arguments.Count ? int.Parse(arguments[i + 1], CultureInfo.InvariantCulture) : fallback;
}
var options = new GraphBenchmark.Options(Option("--n", 5000), Option("--m", 20000), Option("--regions", 514), (ulong)Option("--seed", 1), !arguments.Contains("--no-python"));
Console.WriteLine($"# graph benchmark: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}");
var sw = Stopwatch.StartNew();
GraphBenchmark.Run(options, Console.Out);
Console.WriteLine($"# total {sw.Elapsed.TotalSeconds:F1} s");
return 0;
