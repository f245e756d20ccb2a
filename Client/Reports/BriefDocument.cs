using System.Net;
using System.Text;

namespace KerjasamaGraph.Client.Reports;

/// <summary>A brief as a list of blocks, rendered to a self-contained HTML page and to its Markdown twin.</summary>
public sealed class BriefDocument(string title, string language)
{
    private abstract record Block;
    private sealed record Heading(int Level, string Text) : Block;
    private sealed record Paragraph(string Text) : Block;
    private sealed record CaptionBlock(string Text) : Block;
    private sealed record Items(IReadOnlyList<string> Lines) : Block;
    private sealed record TableBlock(string[] Header, IReadOnlyList<string[]> Rows, bool[] Numeric) : Block;
    private sealed record FigureBlock(Chart Chart) : Block;
    private sealed record CodeBlock(string Text) : Block;

    private readonly List<Block> _blocks = [];

    public string Title => title;
    public IEnumerable<Chart> Charts => _blocks.OfType<FigureBlock>().Select(f => f.Chart);

    public BriefDocument H(int level, string text) { _blocks.Add(new Heading(level, text)); return this; }
    public BriefDocument P(string text) { _blocks.Add(new Paragraph(text)); return this; }
    /// <summary>A note under a table: what it leaves out and what its columns mean.</summary>
    public BriefDocument Caption(string text) { _blocks.Add(new CaptionBlock(text)); return this; }
    public BriefDocument List(IEnumerable<string> lines) { _blocks.Add(new Items(lines.ToList())); return this; }
    public BriefDocument Table(string[] header, IEnumerable<string[]> rows, params int[] numericColumns)
    {
        var numeric = new bool[header.Length];
        foreach (var c in numericColumns) numeric[c] = true;
        _blocks.Add(new TableBlock(header, rows.ToList(), numeric));
        return this;
    }
    public BriefDocument Figure(Chart chart) { _blocks.Add(new FigureBlock(chart)); return this; }
    public BriefDocument Code(string text) { _blocks.Add(new CodeBlock(text)); return this; }

    private static string E(string s) => WebUtility.HtmlEncode(s);

    /// <summary>One HTML file with inline styles and charts embedded as data URIs: it opens without network access.</summary>
    public string Html()
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"").Append(language).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>").Append(E(title)).Append("</title>\n")
          .Append("<style>\n")
          .Append("body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2733;line-height:1.5}\n")
          .Append("h1{font-size:1.8rem;border-bottom:3px solid #1f77b4;padding-bottom:.3rem}h2{margin-top:2rem;color:#1f4e79}\n")
          .Append("table{border-collapse:collapse;margin:1rem 0 .3rem;font-size:.9rem}p.note{font-size:.85rem;color:#52606d;margin-top:.2rem}h3{color:#1f4e79;margin-top:1.5rem}\n")
          .Append("th,td{border-bottom:1px solid #d0d7de;padding:.3rem .6rem;text-align:left;vertical-align:top}")
          .Append("td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}td.n{white-space:nowrap}\n")
          .Append("figure{margin:1.5rem 0}figure img{max-width:100%;height:auto;border:1px solid #e5e9ef}figcaption{font-size:.9rem;color:#52606d}\n")
          .Append("pre{background:#f4f6f8;padding:.8rem;overflow-x:auto}\n</style>\n")
          .Append("<script>\n")
          .Append("window.addEventListener('error',function(){var d=document.documentElement.dataset;d.errors=String(Number(d.errors||0)+1);});\n")
          .Append("window.addEventListener('load',function(){var imgs=Array.prototype.slice.call(document.querySelectorAll('img.chart'));")
          .Append("var ok=imgs.filter(function(i){var r=i.getBoundingClientRect();return i.complete&&i.naturalWidth>0&&r.width>0&&r.height>0;}).length;")
          .Append("document.documentElement.dataset.charts=String(imgs.length);document.documentElement.dataset.chartsVisible=String(ok);});\n")
          .Append("</script>\n</head>\n<body>\n");
        foreach (var block in _blocks)
        {
            switch (block)
            {
                case Heading h:
                    sb.Append("<h").Append(h.Level).Append('>').Append(E(h.Text)).Append("</h").Append(h.Level).Append(">\n");
                    break;
                case Paragraph p:
                    sb.Append("<p>").Append(E(p.Text)).Append("</p>\n");
                    break;
                case CaptionBlock c:
                    sb.Append("<p class=\"note\">").Append(E(c.Text)).Append("</p>\n");
                    break;
                case Items l:
                    sb.Append("<ul>\n");
                    foreach (var line in l.Lines) sb.Append("<li>").Append(E(line)).Append("</li>\n");
                    sb.Append("</ul>\n");
                    break;
                case TableBlock t:
                    sb.Append("<table>\n<thead><tr>");
                    for (var c = 0; c < t.Header.Length; c++) sb.Append(t.Numeric[c] ? "<th class=\"n\">" : "<th>").Append(E(t.Header[c])).Append("</th>");
                    sb.Append("</tr></thead>\n<tbody>\n");
                    foreach (var row in t.Rows)
                    {
                        sb.Append("<tr>");
                        for (var c = 0; c < row.Length; c++) sb.Append(t.Numeric[c] ? "<td class=\"n\">" : "<td>").Append(E(row[c])).Append("</td>");
                        sb.Append("</tr>\n");
                    }
                    sb.Append("</tbody>\n</table>\n");
                    break;
                case FigureBlock f:
                    sb.Append("<figure><img class=\"chart\" alt=\"").Append(E(f.Chart.Caption)).Append("\" src=\"data:image/png;base64,")
                      .Append(Convert.ToBase64String(f.Chart.Png)).Append("\"><figcaption>").Append(E(f.Chart.Caption)).Append("</figcaption></figure>\n");
                    break;
                case CodeBlock c:
                    sb.Append("<pre><code>").Append(E(c.Text)).Append("</code></pre>\n");
                    break;
            }
        }
        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>The Markdown twin; charts are referenced as files in <paramref name="chartFolder"/> (relative to the Markdown file).</summary>
    public string Markdown(string chartFolder)
    {
        static string Cell(string s) => s.Replace("|", "\\|");
        var sb = new StringBuilder();
        foreach (var block in _blocks)
        {
            switch (block)
            {
                case Heading h:
                    sb.Append(new string('#', h.Level)).Append(' ').Append(h.Text).Append("\n\n");
                    break;
                case Paragraph p:
                    sb.Append(p.Text).Append("\n\n");
                    break;
                case CaptionBlock c:
                    sb.Append('*').Append(c.Text).Append("*\n\n");
                    break;
                case Items l:
                    foreach (var line in l.Lines) sb.Append("- ").Append(line).Append('\n');
                    sb.Append('\n');
                    break;
                case TableBlock t:
                    sb.Append("| ").Append(string.Join(" | ", t.Header.Select(Cell))).Append(" |\n|");
                    for (var c = 0; c < t.Header.Length; c++) sb.Append(t.Numeric[c] ? "---:|" : "---|");
                    sb.Append('\n');
                    foreach (var row in t.Rows) sb.Append("| ").Append(string.Join(" | ", row.Select(Cell))).Append(" |\n");
                    sb.Append('\n');
                    break;
                case FigureBlock f:
                    sb.Append("![").Append(f.Chart.Caption).Append("](").Append(chartFolder).Append('/').Append(f.Chart.Name).Append(".png)\n\n")
                      .Append('*').Append(f.Chart.Caption).Append("* ([SVG](").Append(chartFolder).Append('/').Append(f.Chart.Name).Append(".svg))\n\n");
                    break;
                case CodeBlock c:
                    sb.Append("```\n").Append(c.Text).Append("\n```\n\n");
                    break;
            }
        }
        return sb.ToString();
    }
}
