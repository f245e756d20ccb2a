using Spectre.Console;
using Spectre.Console.Rendering;

namespace KerjasamaGraph.Client.Presentation;

/// <summary>Table cells and lines as plain text: names, ids, paths and numbers are data, never read as markup.</summary>
public static class PlainText
{
    /// <summary>Adds a row whose cells are plain text.</summary>
    public static Table AddPlainRow(this Table table, params string[] cells) =>
        table.AddRow(cells.Select(c => (IRenderable)new Text(c)).ToArray());

    /// <summary>Adds a dimmed row that says how many rows a table leaves out, in its first column.</summary>
    public static Table AddOmittedRow(this Table table, string text) =>
        table.AddRow([new Text(text, new Style(decoration: Decoration.Dim)), .. Enumerable.Repeat<IRenderable>(Text.Empty, table.Columns.Count - 1)]);

    /// <summary>
    /// Writes a table and, under it, a note that explains its columns and says what it leaves out: a plain line as
    /// wide as the console (a table caption would be wrapped to the table's width).
    /// </summary>
    public static void WriteTable(this IAnsiConsole console, Table table, string note)
    {
        console.Write(table);
        console.Write(new Text(note + "\n", new Style(decoration: Decoration.Dim)));
    }

    /// <summary>
    /// The rows a "largest N" table shows when values can be negative: the largest values and, if some are below
    /// zero, up to a third of the rows for the most negative ones, so losses are never cut off by gains.
    /// <paramref name="ordered"/> runs from the largest value to the smallest.
    /// </summary>
    public static (IReadOnlyList<T> Top, IReadOnlyList<T> Bottom, int Omitted) GainsAndLosses<T>(IReadOnlyList<T> ordered, Func<T, double> value, int shown)
    {
        if (ordered.Count <= shown) return (ordered, [], 0);
        var losers = ordered.Count(x => value(x) < 0);
        var bottom = Math.Min(losers, Math.Max(1, shown / 3));
        var top = shown - bottom;
        return (ordered.Take(top).ToList(), ordered.Skip(ordered.Count - bottom).ToList(), ordered.Count - top - bottom);
    }

    /// <summary>A count with its noun, singular or plural: "1 partner", "3 partners", "2 commodities".</summary>
    public static string Counted(int n, string one, string? many = null) => $"{n} {(n == 1 ? one : many ?? one + "s")}";

    /// <summary>What a scenario holds, as `validate` and `import` print it: "4 regions, 1 partner, 3 borders, 3 agreements".</summary>
    public static string ScenarioCounts(KerjasamaGraph.Model.Scenarios.Scenario scenario, bool all = false)
    {
        var counts = new List<string>
        {
            Counted(scenario.Regions.Count, "region"), Counted(scenario.Partners.Count, "partner"),
            Counted(scenario.Neighbours.Count, "border"), Counted(scenario.Agreements.Count, "agreement"),
        };
        if (!all) return string.Join(", ", counts);
        counts.Add(Counted(scenario.Shocks.Count, "shock"));
        if (scenario.Commodities.Count > 0)
        {
            counts.Add(Counted(scenario.Commodities.Count, "commodity", "commodities"));
            counts.Add(Counted(scenario.Triggers.Count, "trigger"));
        }
        return string.Join(", ", counts);
    }
}
