using System.IO.Compression;
using System.Text;
using KerjasamaGraph.Client.Reports;
using KerjasamaGraph.Model.Graph;
using KerjasamaGraph.Model.Graph.Dynamics;
using KerjasamaGraph.Model.Graph.Export;
using KerjasamaGraph.Model.Runs;
using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Web.Runs;

/// <summary>A file to send: its name, media type and bytes.</summary>
public sealed record Download(string FileName, string ContentType, byte[] Content);

/// <summary>
/// What a finished run or comparison offers for download: the whole folder as a zip, the policy brief (the same document
/// `kerjasama brief` writes: HTML with charts embedded, or Markdown with its charts, in Indonesian or English) and the
/// cooperation network in the export formats of `kerjasama export`.
/// </summary>
public static class Downloads
{
    public static readonly string[] GraphFormats = ["graphml", "gexf", "gml", "dot", "json"];
    public static readonly string[] Languages = ["en", "id"];

    /// <summary>The folder as a zip archive (entries under the folder's name).</summary>
    public static Download Zip(string folder)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var name = Path.GetFileName(folder);
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                zip.CreateEntryFromFile(file, name + "/" + Path.GetRelativePath(folder, file).Replace('\\', '/'), CompressionLevel.Optimal);
            }
        }
        return new Download(Path.GetFileName(folder) + ".zip", "application/zip", buffer.ToArray());
    }

    /// <summary>The brief as one self-contained HTML file, or as Markdown with its charts (PNG and SVG) in a zip.</summary>
    public static Download Brief(string folder, string language, string format)
    {
        var t = BriefLanguage.For(language);
        var document = CompareFolder.IsCompareFolder(folder)
            ? BriefBuilder.ForComparison(CompareFolder.Read(folder), t)
            : BriefBuilder.ForRun(RunFolder.Read(folder), t);
        var stem = $"{Path.GetFileName(folder)}-brief.{t.Code}";
        if (format == "html") return new Download(stem + ".html", "text/html; charset=utf-8", Encoding.UTF8.GetBytes(document.Html()));
        if (format != "md") throw new ArgumentException($"format: '{format}' is not html or md");
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var charts = stem + "-charts";
            Add(zip, stem + ".md", Encoding.UTF8.GetBytes(document.Markdown(charts)));
            foreach (var chart in document.Charts)
            {
                Add(zip, $"{charts}/{chart.Name}.png", chart.Png);
                Add(zip, $"{charts}/{chart.Name}.svg", Encoding.UTF8.GetBytes(chart.Svg));
            }
        }
        return new Download(stem + ".md.zip", "application/zip", buffer.ToArray());
    }

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        stream.Write(content);
    }

    /// <summary>
    /// The cooperation network of a run (for a comparison: of its baseline, or of <paramref name="run"/>): GEXF is dynamic
    /// (agreements starting and ending, benefit per month, for Gephi's timeline); the other formats hold every agreement
    /// active in some month of the run.
    /// </summary>
    public static Download Graph(string folder, string format, string? run = null)
    {
        if (!GraphFormats.Contains(format)) throw new ArgumentException($"format: '{format}' is not one of {string.Join(", ", GraphFormats)}");
        var runFolder = folder;
        if (ComparisonFolders.IsComparison(folder))
        {
            run ??= "baseline";
            var names = Directory.EnumerateDirectories(folder).Select(Path.GetFileName).ToList();
            if (!names.Contains(run, StringComparer.Ordinal)) throw new ArgumentException($"run: '{run}' is not a run of this comparison ({string.Join(", ", names)})");
            runFolder = Path.Combine(folder, run);
        }
        var tables = RunTables.Read(runFolder);
        var loaded = ScenarioLoader.Load(tables.ScenarioPath, tables.Variant);
        if (!loaded.Ok) throw new InvalidOperationException($"{tables.ScenarioPath}: the run's scenario no longer loads ({loaded.Errors[0]})");
        var scenario = loaded.Scenario!;
        var schedule = ActivitySchedule.FromRun(tables);
        var options = new CooperationGraphOptions();
        var utf8 = new UTF8Encoding(false);
        using var buffer = new MemoryStream();
        if (format == "json")
        {
            NodeLinkJsonWriter.Write(CooperationGraphBuilder.Build(scenario, options with { ActiveAgreements = schedule.EverActive() }), buffer);
        }
        else
        {
            using var w = new StreamWriter(buffer, utf8, leaveOpen: true) { NewLine = "\n" };
            if (format == "gexf")
            {
                GexfWriter.WriteDynamic(GraphTimeline.Build(scenario, options, schedule), w);
            }
            else
            {
                var graph = CooperationGraphBuilder.Build(scenario, options with { ActiveAgreements = schedule.EverActive() });
                switch (format)
                {
                    case "graphml": GraphMLWriter.Write(graph, w); break;
                    case "gml": GmlWriter.Write(graph, w); break;
                    case "dot": DotWriter.Write(graph, w); break;
                }
            }
        }
        var type = format switch { "json" => "application/json", "dot" => "text/vnd.graphviz", _ => "application/xml" };
        var name = Path.GetFileName(folder) + (runFolder == folder ? "" : "-" + Path.GetFileName(runFolder));
        return new Download($"{name}.{format}", type, buffer.ToArray());
    }
}
