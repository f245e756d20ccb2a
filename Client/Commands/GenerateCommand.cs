using System.ComponentModel;
using System.Globalization;
using System.Text;
using KerjasamaGraph.Model.Scenarios;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KerjasamaGraph.Client.Commands;

public sealed class GenerateSettings : CommandSettings
{
    [CommandOption("--regions <N>")]
    [Description("Number of regions (2 to 100000).")]
    public int Regions { get; init; }

    [CommandOption("--seed <S>")]
    [Description("Random seed; the same seed gives the same scenario.")]
    [DefaultValue(1UL)]
    public ulong Seed { get; init; } = 1;

    [CommandOption("--out <PATH>")]
    [Description("FILE.yaml: one scenario file (up to about 6,000 regions). Any other name: a new folder with NAME.yaml and the regions, neighbours and agreements as tables (any size). Must not exist. Default: the YAML on standard output.")]
    public string? Out { get; init; }

    [CommandOption("--tables <FORMAT>")]
    [Description("Format of the tables in a folder: csv or parquet.")]
    [DefaultValue("csv")]
    public string Tables { get; init; } = "csv";
}

/// <summary>`kerjasama generate`: a synthetic but realistic scenario for scale tests, as one YAML file or as a folder of YAML and tables.</summary>
public sealed class GenerateCommand : Command<GenerateSettings>
{
    public override int Execute(CommandContext context, GenerateSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Regions is < 2 or > 100_000) throw new InputException($"--regions: {settings.Regions} is out of range (2 to 100000)");
        var format = settings.Tables.ToLowerInvariant() switch
        {
            "csv" => TableFormat.Csv,
            "parquet" => TableFormat.Parquet,
            _ => throw new InputException($"--tables: '{settings.Tables}' is not a table format (csv or parquet)"),
        };
        var single = settings.Out is null || IsYamlFile(settings.Out);
        if (single && format != TableFormat.Csv && settings.Out is not null)
            throw new InputException($"--tables: {settings.Out} is one YAML file; tables are written when --out names a folder");
        if (settings.Out is not null && (File.Exists(settings.Out) || Directory.Exists(settings.Out)))
            throw new InputException($"{settings.Out}: already exists; generate never overwrites a file or folder");

        var scenario = ScenarioGenerator.Generate(settings.Regions, settings.Seed);
        if (single) return WriteFile(scenario, settings);
        WriteFolder(scenario, settings.Out!, format, cancellationToken);
        return ExitCodes.Ok;
    }

    private static bool IsYamlFile(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    private static int WriteFile(Scenario scenario, GenerateSettings settings)
    {
        var yaml = ScenarioYamlWriter.ToYaml(scenario);
        if (settings.Out is null)
        {
            Console.Out.Write(yaml);
            return ExitCodes.Ok;
        }
        var bytes = Encoding.UTF8.GetByteCount(yaml);
        if (bytes > ScenarioLoader.MaxFileBytes)
        {
            var folder = Path.ChangeExtension(settings.Out, null);
            throw new InputException(
                $"{settings.Out}: {settings.Regions.ToString(CultureInfo.InvariantCulture)} regions make a {(bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture)} MiB scenario file, over the {ScenarioLoader.MaxFileBytes / 1048576} MiB limit of scenario files; " +
                $"write a folder of YAML and tables instead (--out {folder})");
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(settings.Out));
        if (directory is not null) Directory.CreateDirectory(directory);
        using (var stream = new FileStream(settings.Out, FileMode.CreateNew, FileAccess.Write))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
        {
            writer.Write(yaml);
        }
        AnsiConsole.MarkupLineInterpolated($"[green]Wrote[/] {settings.Out} ({settings.Regions} regions, seed {settings.Seed})");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Writes the folder under a hidden temporary name beside it and renames it when complete, so an interrupted
    /// or failed generate leaves no half-written scenario behind.
    /// </summary>
    private static void WriteFolder(Scenario scenario, string outDir, TableFormat format, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(outDir).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var name = Path.GetFileName(full);
        var parent = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(parent);
        var temporary = Path.Combine(parent, $".{name}.incomplete-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(temporary);
        try
        {
            var written = ScenarioTableWriter.Write(scenario, temporary, name, format);
            cancellationToken.ThrowIfCancellationRequested();
            Directory.Move(temporary, full);
            var shown = outDir.TrimEnd('/', '\\');
            var files = string.Join(", ", written.Select(f => $"{Path.GetFileName(f)} ({Size(new FileInfo(Path.Combine(full, Path.GetFileName(f))).Length)})"));
            AnsiConsole.MarkupLineInterpolated($"[green]Wrote[/] {shown}/: {files}");
            AnsiConsole.MarkupLineInterpolated(
                $"{scenario.Regions.Count.ToString("N0", CultureInfo.InvariantCulture)} regions, {scenario.Neighbours.Count.ToString("N0", CultureInfo.InvariantCulture)} neighbour pairs, {scenario.Agreements.Count.ToString("N0", CultureInfo.InvariantCulture)} agreements, seed {scenario.Run.Seed}. Run it with: kerjasama run {Path.Combine(shown, name + ".yaml")}");
        }
        catch
        {
            try { Directory.Delete(temporary, recursive: true); }
            catch (IOException) { }
            throw;
        }
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 * 1024 => $"{(bytes / 1024.0).ToString("F0", CultureInfo.InvariantCulture)} KB",
        _ => $"{(bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture)} MB",
    };
}
