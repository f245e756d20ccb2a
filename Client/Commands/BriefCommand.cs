using System.ComponentModel;
using System.Text;
using KerjasamaGraph.Client.Reports;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KerjasamaGraph.Client.Commands;

public sealed class BriefSettings : CommandSettings
{
    [CommandArgument(0, "<FOLDER>")]
    [Description("A run folder (from run) or a comparison folder (from compare).")]
    public string Folder { get; init; } = "";

    [CommandOption("--lang <LANG>")]
    [Description("id (Indonesian) or en (English, default).")]
    [DefaultValue("en")]
    public string Lang { get; init; } = "en";

    [CommandOption("--out <FILE>")]
    [Description("The HTML file to write (must not exist); its Markdown twin and chart files go beside it. Default: FOLDER/brief.LANG.html.")]
    public string? Out { get; init; }
}

/// <summary>
/// `kerjasama brief`: one self-contained HTML file (charts embedded, no network needed) and a Markdown twin with its
/// charts as PNG and SVG files, in Indonesian or English, from a run or comparison folder.
/// </summary>
public sealed class BriefCommand(IAnsiConsole console) : Command<BriefSettings>
{
    public override int Execute(CommandContext context, BriefSettings settings, CancellationToken cancellationToken)
    {
        var language = BriefLanguage.For(settings.Lang);
        if (!Directory.Exists(settings.Folder)) throw new InputException($"{settings.Folder}: folder not found");
        var html = Path.GetFullPath(settings.Out ?? Path.Combine(settings.Folder, $"brief.{language.Code}.html"));
        var markdown = Path.ChangeExtension(html, ".md");
        var charts = Path.Combine(Path.GetDirectoryName(html)!, Path.GetFileNameWithoutExtension(html) + "-charts");
        foreach (var target in new[] { html, markdown, charts })
        {
            if (File.Exists(target) || Directory.Exists(target)) throw new InputException($"{target}: already exists; a brief never overwrites a file (choose another --out)");
        }
        var document = CompareFolder.IsCompareFolder(settings.Folder)
            ? BriefBuilder.ForComparison(CompareFolder.Read(settings.Folder), language)
            : BriefBuilder.ForRun(RunFolder.Read(settings.Folder), language);

        Directory.CreateDirectory(charts);
        foreach (var chart in document.Charts)
        {
            File.WriteAllBytes(Path.Combine(charts, chart.Name + ".png"), chart.Png);
            File.WriteAllText(Path.Combine(charts, chart.Name + ".svg"), chart.Svg, new UTF8Encoding(false));
        }
        File.WriteAllText(markdown, document.Markdown(Path.GetFileName(charts)), new UTF8Encoding(false));
        File.WriteAllText(html, document.Html(), new UTF8Encoding(false));
        console.Write(new Markup("[green]Wrote[/] "));
        console.WriteLine($"{html}, {markdown} and {document.Charts.Count()} charts in {charts}");
        return ExitCodes.Ok;
    }
}
