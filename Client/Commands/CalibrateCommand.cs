using System.ComponentModel;
using System.Globalization;
using KerjasamaGraph.Model.Calibration;
using KerjasamaGraph.Model.Scenarios;
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
    [Description("Optimiser starts (the scenario's values, then seeded random points). Default: 4.")]
    public int Starts { get; init; } = 4;

    [CommandOption("--seed <S>")]
    [Description("Seed of the random starts. Default: 1.")]
    public ulong Seed { get; init; } = 1;

    [CommandOption("--out <FILE>")]
    [Description("Overlay file to write (default: FILE with .calibrated.yaml).")]
    public string? Out { get; init; }
}

/// <summary>
/// `kerjasama calibrate`: fits parameters by minimising the RMSE of simulated against observed month-on-month
/// inflation, prints the fitted values, the error and a month-by-month table, and writes an overlay that extends the file.
/// </summary>
public sealed class CalibrateCommand : Command<CalibrateSettings>
{
    public override int Execute(CommandContext context, CalibrateSettings settings, CancellationToken cancellationToken)
    {
        var (scenario, _) = ScenarioInput.Load(settings.File, settings.Variant);
        var errors = new List<string>();
        if (settings.Observed.Length == 0) errors.Add("--observed: give the observed CSV");
        if (settings.Region.Length == 0) errors.Add("--region: give the region id");
        else if (!scenario.Regions.Any(r => r.Id == settings.Region)) errors.Add($"--region: unknown region '{settings.Region}'");
        else if (scenario.Commodities.Count == 0) errors.Add($"--region: the scenario has no commodities, so '{settings.Region}' has no CPI to compare");
        if (settings.Starts is < 1 or > 100) errors.Add($"--starts: {settings.Starts} is out of range (1 to 100)");
        var window = settings.Window.Split("..");
        YearMonth from = default, to = default;
        if (window.Length != 2 || !YearMonth.TryParse(window[0], out from) || !YearMonth.TryParse(window[1], out to) || to < from)
            errors.Add($"--window: '{settings.Window}' is not FROM..TO with months YYYY-MM, FROM not after TO");
        else if (from < scenario.Run.Start)
            errors.Add($"--window: {from} is before the scenario starts ({scenario.Run.Start})");
        var parameters = Calibrator.ParseParameters(settings.Params, scenario, out var paramErrors);
        errors.AddRange(paramErrors);
        if (errors.Count > 0) throw new InputException(errors);
        var observed = ObservedSeries.Read(settings.Observed, from, to, out var observedErrors);
        if (observedErrors.Count > 0) throw new InputException(observedErrors);

        var fit = Calibrator.Fit(scenario, settings.Region, observed, from, to, parameters, settings.Starts, settings.Seed);
        var o = Console.Out;
        o.WriteLine($"calibrated {settings.File} on {settings.Observed}, region {settings.Region}, {from}..{to}: {fit.Evaluations} runs");
        foreach (var (p, i) in fit.Parameters.Select((p, i) => (p, i)))
            o.WriteLine($"  {p.Name,-40} {fit.Values[i].ToString("G6", CultureInfo.InvariantCulture),12}   [{p.Low.ToString(CultureInfo.InvariantCulture)}, {p.High.ToString(CultureInfo.InvariantCulture)}]");
        o.WriteLine($"RMSE of month-on-month inflation: {fit.Rmse.ToString("0.000", CultureInfo.InvariantCulture)} pp");
        o.WriteLine("month     observed  simulated");
        foreach (var row in fit.Table)
            o.WriteLine($"{row.Month}  {row.Observed.ToString("0.00", CultureInfo.InvariantCulture),8}  {row.Simulated.ToString("0.00", CultureInfo.InvariantCulture),9}");
        var outPath = settings.Out ?? Path.ChangeExtension(settings.File, null) + ".calibrated.yaml";
        var extends = Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(outPath))!, Path.GetFullPath(settings.File)).Replace('\\', '/');
        System.IO.File.WriteAllText(outPath, Calibrator.OverlayYaml(extends, settings.Region, fit, Path.GetFileName(settings.Observed), from, to));
        o.WriteLine($"wrote {outPath}");
        return ExitCodes.Ok;
    }
}
