using System.ComponentModel;
using System.Globalization;
using System.Text;
using KerjasamaGraph.Client.Presentation;
using KerjasamaGraph.Model.Calibration;
using KerjasamaGraph.Model.Scenarios;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KerjasamaGraph.Client.Commands;

public sealed class CalibrateSettings : CommandSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("Scenario file (YAML) to calibrate.")]
    public string File { get; init; } = "";

    [CommandOption("--variant <NAME>")]
    [Description("Calibrate this variant of the scenario.")]
    public string? Variant { get; init; }

    [CommandOption("--observed <CSV>")]
    [Description("Observed series: a CSV with the columns month (YYYY-MM) and mtm_pct (month-on-month inflation, percent).")]
    public string Observed { get; init; } = "";

    [CommandOption("--region <ID>")]
    [Description("The region whose CPI is compared with the observed series.")]
    public string Region { get; init; } = "";

    [CommandOption("--window <FROM..TO>")]
    [Description("Months compared, e.g. 2022-01..2022-12.")]
    public string Window { get; init; } = "";

    [CommandOption("--params <LIST>")]
    [Description("Parameters to fit, NAME[=LO..HI],...: COMMODITY.price_response, COMMODITY.mean_reversion, COMMODITY.transmission, shocks.ID.factor, non_food_trend.")]
    public string Params { get; init; } = "";

    [CommandOption("--starts <N>")]
    [Description("Optimiser starts (the scenario's values, then seeded random points).")]
    [DefaultValue(4)]
    public int Starts { get; init; } = 4;

    [CommandOption("--max-iterations <N>")]
    [Description("Nelder–Mead iterations per start; a start that reaches the limit is reported as not converged.")]
    [DefaultValue(300)]
    public int MaxIterations { get; init; } = 300;

    [CommandOption("--seed <S>")]
    [Description("Seed of the random starts.")]
    [DefaultValue(1UL)]
    public ulong Seed { get; init; } = 1;

    [CommandOption("--out <FILE>")]
    [Description("Overlay file to write (default: FILE with .calibrated.yaml); an existing file is kept unless --force.")]
    public string? Out { get; init; }

    [CommandOption("--force")]
    [Description("Replace the --out file if it exists.")]
    public bool Force { get; init; }
}

/// <summary>
/// `kerjasama calibrate`: fits parameters by minimising the RMSE of simulated against observed month-on-month
/// inflation, prints the fitted values, the error and a month-by-month table, and writes an overlay that extends the file.
/// </summary>
public sealed class CalibrateCommand(IAnsiConsole console) : Command<CalibrateSettings>
{
    public override int Execute(CommandContext context, CalibrateSettings settings, CancellationToken commandToken)
    {
        using var cancel = KerjasamaApp.Link(commandToken);
        var (scenario, _) = ScenarioInput.Load(settings.File, settings.Variant);
        var errors = new List<string>();
        if (settings.Observed.Length == 0) errors.Add("--observed: give the observed CSV");
        if (settings.Region.Length == 0) errors.Add("--region: give the region id");
        else if (!scenario.Regions.Any(r => r.Id == settings.Region))
            errors.Add($"--region: unknown region '{settings.Region}'{(Suggest.Closest(settings.Region, scenario.Regions.Select(r => r.Id)) is { } hint ? $" (did you mean '{hint}'?)" : "")}");
        else if (scenario.Commodities.Count == 0) errors.Add($"--region: the scenario has no commodities, so '{settings.Region}' has no CPI to compare");
        if (settings.Starts is < 1 or > 100) errors.Add($"--starts: {settings.Starts} is out of range (1 to 100)");
        if (settings.MaxIterations is < 10 or > 100_000) errors.Add($"--max-iterations: {settings.MaxIterations} is out of range (10 to 100000)");
        var window = settings.Window.Split("..");
        YearMonth from = default, to = default;
        var windowOk = false;
        if (window.Length != 2 || !YearMonth.TryParse(window[0], out from) || !YearMonth.TryParse(window[1], out to) || to < from)
            errors.Add($"--window: '{settings.Window}' is not FROM..TO with months YYYY-MM, FROM not after TO");
        else if (from < scenario.Run.Start)
            errors.Add($"--window: {from} is before the scenario starts ({scenario.Run.Start})");
        else windowOk = true;
        var parameters = Calibrator.ParseParameters(settings.Params, scenario, out var paramErrors);
        errors.AddRange(paramErrors);
        // Refuse an existing output before the fit, not after minutes of it.
        var outPath = settings.Out ?? Path.ChangeExtension(settings.File, null) + ".calibrated.yaml";
        if (Directory.Exists(outPath)) errors.Add($"{outPath}: is a folder; give --out a file name");
        else if (System.IO.File.Exists(outPath) && !settings.Force)
            errors.Add($"{outPath}: already exists; calibrate never overwrites a file unless --force is given (or choose another --out)");
        var observed = ObservedSeries.Read(settings.Observed, from, to, out var observedErrors);
        if (settings.Observed.Length > 0 && windowOk) errors.AddRange(observedErrors);
        if (errors.Count > 0) throw new InputException(errors);

        CalibrationResult fit;
        try
        {
            fit = console.Status().Start($"Fitting {parameters.Count} parameter(s) from {settings.Starts} start(s)…", _ =>
                Calibrator.Fit(scenario, settings.Region, observed, from, to, parameters, settings.Starts, settings.Seed, settings.MaxIterations, cancel.Token));
        }
        catch (OperationCanceledException e) when (cancel.IsCancellationRequested)
        {
            throw new CommandInterruptedException($"the fit was stopped; nothing was written ({outPath} {(System.IO.File.Exists(outPath) ? "is unchanged" : "was not created")})", e);
        }

        console.WriteLine($"Calibrated {settings.File} on {settings.Observed}, region {settings.Region}, {from}..{to}: {fit.Evaluations} runs");
        var table = new Table().Border(TableBorder.Rounded).Title("Fitted parameters");
        table.AddColumn("Parameter");
        table.AddColumn(new TableColumn("Value").RightAligned());
        table.AddColumn(new TableColumn("Bounds").RightAligned());
        table.AddColumn("");
        foreach (var (p, i) in fit.Parameters.Select((p, i) => (p, i)))
        {
            var atBound = Math.Abs(fit.Values[i] - p.Low) <= 1e-3 * (p.High - p.Low) || Math.Abs(fit.Values[i] - p.High) <= 1e-3 * (p.High - p.Low);
            table.AddPlainRow(p.Name, fit.Values[i].ToString("G6", CultureInfo.InvariantCulture),
                $"[{p.Low.ToString(CultureInfo.InvariantCulture)}, {p.High.ToString(CultureInfo.InvariantCulture)}]", atBound ? "at a bound" : "");
        }
        table.Caption(Markup.Escape($"RMSE of month-on-month inflation: {fit.Rmse.ToString("0.000", CultureInfo.InvariantCulture)} pp over {fit.Table.Count} months"));
        console.Write(table);
        var months = new Table().Border(TableBorder.Rounded).Title("Month-on-month inflation (percent)");
        months.AddColumn("Month");
        months.AddColumn(new TableColumn("Observed").RightAligned());
        months.AddColumn(new TableColumn("Simulated").RightAligned());
        foreach (var row in fit.Table)
            months.AddPlainRow(row.Month.ToString(), row.Observed.ToString("0.00", CultureInfo.InvariantCulture), row.Simulated.ToString("0.00", CultureInfo.InvariantCulture));
        console.Write(months);
        if (!fit.AllConverged)
        {
            Console.Error.WriteLine($"warning: {fit.Starts - fit.Converged} of {fit.Starts} optimiser starts stopped at the {fit.MaxIterations}-iteration limit " +
                "before converging; the best point found is used. Raise --max-iterations, fit fewer parameters or narrow their bounds.");
        }

        var extends = Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(outPath))!, Path.GetFullPath(settings.File)).Replace('\\', '/');
        var yaml = Calibrator.OverlayYaml(extends, settings.Region, fit, Path.GetFileName(settings.Observed), from, to);
        OutputFile.Write(outPath, settings.Force, stream => stream.Write(new UTF8Encoding(false).GetBytes(yaml)));
        console.Write(new Markup("[green]Wrote[/] "));
        console.WriteLine(outPath);
        return ExitCodes.Ok;
    }
}
