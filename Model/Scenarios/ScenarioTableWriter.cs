using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Parquet;
using Parquet.Schema;

namespace KerjasamaGraph.Model.Scenarios;

public enum TableFormat { Csv, Parquet }

/// <summary>
/// Writes a scenario as a folder: one YAML file for the settings, services, partners, shocks and triggers, and tables
/// for the large lists (docs/scenario-format.md, "Tables"): <c>regions</c> (one column per field, a region's services
/// as <c>services.ID.FIELD</c> columns), <c>neighbours</c>, <c>agreements</c>, and a long <c>food</c> table (one row
/// per region and commodity) when regions have food markets. Cells follow the YAML writer: values at their "absent"
/// default are left empty, numbers are invariant round-trip text, so loading the folder gives the same scenario as
/// loading <see cref="ScenarioYamlWriter.ToYaml(Scenario)"/>.
/// </summary>
public static class ScenarioTableWriter
{
    /// <summary>Rows per Parquet row group.</summary>
    public const int RowGroupSize = 100_000;

    private enum Kind { Text, Number, Integer, Bool }

    private sealed record Column(string Name, Kind Kind);

    private sealed record Table(string Name, Column[] Columns, List<string?[]> Rows);

    /// <summary>
    /// Writes <paramref name="directory"/>/<paramref name="name"/>.yaml and its tables into <paramref name="directory"/>
    /// (which must exist); returns the files written, the YAML first.
    /// </summary>
    public static IReadOnlyList<string> Write(Scenario s, string directory, string name, TableFormat format)
    {
        ArgumentNullException.ThrowIfNull(s);
        var extension = format == TableFormat.Csv ? ".csv" : ".parquet";
        var tables = new List<Table> { Regions(s), Neighbours(s), Agreements(s) };
        var food = Food(s);
        if (food is not null) tables.Add(food);
        var references = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["regions"] = food is null ? $"{{ table: regions{extension} }}" : $"{{ table: regions{extension}, food: food{extension} }}",
            ["neighbours"] = $"{{ table: neighbours{extension} }}",
            ["agreements"] = $"{{ table: agreements{extension} }}",
        };
        var yamlPath = Path.Combine(directory, name + ".yaml");
        var written = new List<string> { yamlPath };
        File.WriteAllText(yamlPath, ScenarioYamlWriter.ToYaml(s, references), new UTF8Encoding(false));
        foreach (var table in tables)
        {
            var path = Path.Combine(directory, table.Name + extension);
            if (format == TableFormat.Csv) WriteCsv(table, path);
            else WriteParquetAsync(table, path).GetAwaiter().GetResult();
            written.Add(path);
        }
        return written;
    }

    private static string Num(double v) => ScenarioYamlWriter.Number(v);

    private static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Bool(bool v) => v ? "true" : "false";

    private static string Snake(Enum e) => ScenarioYamlWriter.Snake(e.ToString());

    private static Table Regions(Scenario s)
    {
        // Services in the scenario's order, then any a region names that the scenario does not define.
        var services = s.Services.Keys.Concat(s.Regions.SelectMany(r => r.Services.Keys)).Distinct(StringComparer.Ordinal).ToList();
        var unitCosts = services.Where(id => s.Regions.Any(r => r.Services.TryGetValue(id, out var rs) && rs.UnitCost is not null)).ToHashSet(StringComparer.Ordinal);
        var trend = s.Regions.Any(r => r.NonFood.Trend != 0);
        var columns = new List<Column>
        {
            new("id", Kind.Text), new("name", Kind.Text), new("kind", Kind.Text), new("province", Kind.Text), new("population", Kind.Number),
            new("area_km2", Kind.Number), new("lat", Kind.Number), new("lon", Kind.Number), new("budget", Kind.Number), new("capacity", Kind.Number),
        };
        foreach (var id in services)
        {
            columns.Add(new($"services.{id}.demand", Kind.Number));
            if (unitCosts.Contains(id)) columns.Add(new($"services.{id}.unit_cost", Kind.Number));
        }
        if (trend) columns.Add(new("non_food.trend", Kind.Number));
        var rows = new List<string?[]>(s.Regions.Count);
        foreach (var r in s.Regions)
        {
            var row = new List<string?>(columns.Count)
            {
                r.Id, r.Name, Snake(r.Kind), r.Province, Num(r.Population), Num(r.AreaKm2), Num(r.Lat), Num(r.Lon), Num(r.Budget), Num(r.Capacity),
            };
            foreach (var id in services)
            {
                var has = r.Services.TryGetValue(id, out var rs);
                row.Add(has ? Num(rs!.Demand) : null);
                if (unitCosts.Contains(id)) row.Add(has && rs!.UnitCost is { } u ? Num(u) : null);
            }
            if (trend) row.Add(r.NonFood.Trend != 0 ? Num(r.NonFood.Trend) : null);
            rows.Add([.. row]);
        }
        return new Table("regions", [.. columns], rows);
    }

    /// <summary>The regions' food markets as a long table, or null when no region has one.</summary>
    private static Table? Food(Scenario s)
    {
        if (!s.Regions.Any(r => r.Food.Count > 0)) return null;
        Column[] columns =
        [
            new("region", Kind.Text), new("commodity", Kind.Text), new("per_capita", Kind.Number), new("production", Kind.Number),
            new("seasonality", Kind.Text), new("noise", Kind.Number), new("base_price", Kind.Number),
        ];
        var rows = new List<string?[]>();
        foreach (var r in s.Regions)
            foreach (var (id, f) in r.Food)
                rows.Add([r.Id, id, Num(f.PerCapita), Num(f.Production), f.Seasonality.Count > 0 ? string.Join(";", f.Seasonality.Select(Num)) : null, Num(f.Noise), Num(f.BasePrice)]);
        return new Table("food", columns, rows);
    }

    private static Table Neighbours(Scenario s)
    {
        Column[] columns = [new("a", Kind.Text), new("b", Kind.Text), new("border_km", Kind.Number), new("road_km", Kind.Number)];
        var rows = new List<string?[]>(s.Neighbours.Count);
        foreach (var n in s.Neighbours)
            rows.Add([n.A, n.B, n.BorderKm is { } b ? Num(b) : null, n.RoadKm is { } r ? Num(r) : null]);
        return new Table("neighbours", columns, rows);
    }

    private static Table Agreements(Scenario s)
    {
        Column[] columns =
        [
            new("id", Kind.Text), new("type", Kind.Text), new("name", Kind.Text), new("legal_form", Kind.Text), new("parties", Kind.Text),
            new("host", Kind.Text), new("service", Kind.Text), new("subject", Kind.Text), new("cost_rule", Kind.Text), new("amount", Kind.Number),
            new("burdens_budget", Kind.Bool), new("commodity", Kind.Text), new("volume", Kind.Number), new("freight_subsidy", Kind.Number),
            new("lifecycle.initiated", Kind.Text), new("lifecycle.active_from", Kind.Text), new("lifecycle.term_months", Kind.Integer),
            new("lifecycle.renew", Kind.Bool), new("lifecycle.revoke_at", Kind.Text), new("source", Kind.Text),
        ];
        var rows = new List<string?[]>(s.Agreements.Count);
        foreach (var a in s.Agreements)
        {
            var t = a.Timing;
            rows.Add(
            [
                a.Id, Snake(a.Type), a.Name, Snake(a.LegalForm), string.Join(";", a.Parties), a.Host, a.Service, a.Subject,
                a.Type == AgreementType.SharedService || a.CostRule != CostRule.Demand ? Snake(a.CostRule) : null,
                a.Amount != 0 || a.Type == AgreementType.Funding ? Num(a.Amount) : null,
                a.BurdensBudget is { } bb ? Bool(bb) : null, a.Commodity,
                a.Volume != 0 ? Num(a.Volume) : null, a.FreightSubsidy != 0 ? Num(a.FreightSubsidy) : null,
                t.Initiated?.ToString(), t.ActiveFrom?.ToString(), t.TermMonths is { } tm ? Int(tm) : null, Bool(t.Renew), t.RevokeAt?.ToString(), a.Source,
            ]);
        }
        return new Table("agreements", columns, rows);
    }

    private static void WriteCsv(Table table, string path)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            NewLine = "\n",
            // The reader trims unquoted cells, so text with spaces at either end is quoted to keep them.
            ShouldQuote = args => ConfigurationFunctions.ShouldQuote(args)
                || (args.Field is { Length: > 0 } f && (char.IsWhiteSpace(f[0]) || char.IsWhiteSpace(f[^1]))),
        };
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        using var csv = new CsvWriter(writer, config);
        foreach (var column in table.Columns) csv.WriteField(column.Name);
        csv.NextRecord();
        foreach (var row in table.Rows)
        {
            foreach (var cell in row) csv.WriteField(cell ?? "");
            csv.NextRecord();
        }
    }

    private static async Task WriteParquetAsync(Table table, string path)
    {
        var fields = table.Columns.Select(c => c.Kind switch
        {
            Kind.Number => (DataField)new DataField<double?>(c.Name),
            Kind.Integer => new DataField<int?>(c.Name),
            Kind.Bool => new DataField<bool?>(c.Name),
            _ => new DataField<string>(c.Name, true),
        }).ToArray();
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
        for (var start = 0; start < table.Rows.Count || start == 0; start += RowGroupSize)
        {
            var rows = table.Rows.Skip(start).Take(RowGroupSize).ToList();
            using var group = writer.CreateRowGroup();
            for (var c = 0; c < fields.Length; c++)
            {
                switch (table.Columns[c].Kind)
                {
                    case Kind.Number:
                        await group.WriteAsync<double>(fields[c], rows.Select(r => r[c] is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : (double?)null).ToArray().AsMemory());
                        break;
                    case Kind.Integer:
                        await group.WriteAsync<int>(fields[c], rows.Select(r => r[c] is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : (int?)null).ToArray().AsMemory());
                        break;
                    case Kind.Bool:
                        await group.WriteAsync<bool>(fields[c], rows.Select(r => r[c] is { } v ? v == "true" : (bool?)null).ToArray().AsMemory());
                        break;
                    default:
                        await group.WriteAsync(fields[c], rows.Select(r => r[c]).ToArray());
                        break;
                }
            }
            if (table.Rows.Count == 0) break;
        }
    }
}
