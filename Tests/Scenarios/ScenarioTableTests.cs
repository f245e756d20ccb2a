using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Tests.Generation;

namespace KerjasamaGraph.Tests.Scenarios;

/// <summary>Scenarios that keep their large lists in CSV or Parquet tables (docs/scenario-format.md, "Tables").</summary>
public sealed class ScenarioTableTests : IDisposable
{
    private readonly ScenarioTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private const string Yaml = """
        scenario: { name: Tables }
        run: { start: 2023-01, months: 24 }
        services:
          waste: { reference_demand: 10000, reference_unit_cost: 150000 }
        regions: { table: regions.csv }
        partners:
          - { id: kfw, kind: donor, country: Germany, funds: 1e9 }
        neighbours: { table: neighbours.csv }
        agreements: { table: agreements.csv }

        """;

    private const string Regions = """
        id,name,kind,population,capacity,services.waste.demand,services.waste.unit_cost
        a,Kota A,kota,600000,0.6,12000,
        b,"Kabupaten B, the big one",kabupaten,400000,,6000,190000
        c,C,,300000,,,

        """;

    private const string Neighbours = """
        a,b,border_km,road_km
        a,b,70,
        b,c,,12.5

        """;

    private const string Agreements = """
        id,type,legal_form,parties,host,service,amount,lifecycle.initiated,lifecycle.active_from,lifecycle.term_months
        ks-01,shared_service,ksdd_wajib,a;b,a,waste,,2023-06,,
        f-01,funding,ksdln,kfw;c,,,5e8,,2023-01,24

        """;

    private string[] Write(string yaml = Yaml, string regions = Regions, string neighbours = Neighbours, string agreements = Agreements)
    {
        _files.Write("regions.csv", regions);
        _files.Write("neighbours.csv", neighbours);
        _files.Write("agreements.csv", agreements);
        _files.Write("t.yaml", yaml);
        return _files.Errors("t.yaml");
    }

    [Fact]
    public void Tables_read_as_the_same_scenario_as_yaml()
    {
        Assert.Empty(Write());
        var s = _files.Load("t.yaml").Scenario!;
        var yaml = ScenarioLoader.LoadText("""
            scenario: { name: Tables }
            run: { start: 2023-01, months: 24 }
            services:
              waste: { reference_demand: 10000, reference_unit_cost: 150000 }
            regions:
              - { id: a, name: Kota A, kind: kota, population: 600000, capacity: 0.6, services: { waste: { demand: 12000 } } }
              - { id: b, name: "Kabupaten B, the big one", kind: kabupaten, population: 400000, services: { waste: { demand: 6000, unit_cost: 190000 } } }
              - { id: c, name: C, population: 300000 }
            partners:
              - { id: kfw, kind: donor, country: Germany, funds: 1e9 }
            neighbours:
              - { a: a, b: b, border_km: 70 }
              - { a: b, b: c, road_km: 12.5 }
            agreements:
              - { id: ks-01, type: shared_service, legal_form: ksdd_wajib, parties: [a, b], host: a, service: waste, lifecycle: { initiated: 2023-06 } }
              - { id: f-01, type: funding, legal_form: ksdln, parties: [kfw, c], amount: 5e8, lifecycle: { active_from: 2023-01, term_months: 24 } }
            """, "y.yaml");
        Assert.True(yaml.Ok, string.Join("\n", yaml.Errors));
        Assert.Equal(ScenarioJson.Serialize(yaml.Scenario!), ScenarioJson.Serialize(s));
    }

    [Fact]
    public void Fields_from_tables_are_located_at_their_cell()
    {
        Assert.Empty(Write());
        var s = _files.Load("t.yaml").Scenario!;
        Assert.Equal("regions.csv:3:population", Relative(s.Locations["regions.b.population"]));
        Assert.Equal("regions.csv:3:services.waste.unit_cost", Relative(s.LocationOf("regions.b.services.waste.unit_cost")));
        Assert.Equal("agreements.csv:2:parties", Relative(s.LocationOf("agreements.ks-01.parties[1]")));
        Assert.Equal("neighbours.csv:3:road_km", Relative(s.LocationOf("neighbours[1].road_km")));
        // An empty cell is not a location: the field was not given, and falls back to its row.
        Assert.False(s.Locations.ContainsKey("regions.c.capacity"));
        Assert.Equal("regions.csv:4:id", Relative(s.LocationOf("regions.c.capacity")));
        Assert.Contains(s.Locations, e => e.Key == "agreements.f-01.lifecycle.term_months" && Relative(e.Value) == "agreements.csv:3:lifecycle.term_months");
        Assert.Equal(s.Locations.Count, s.Locations.Count());
    }

    private string Relative(SourceSpan span) => span.ToString().Replace(_files.Root + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);

    [Fact]
    public void Values_in_cells_are_checked_with_the_cell_position()
    {
        var errors = Write(
            regions: Regions.Replace("a,Kota A,kota,", "a,Kota A,kotamadya,", StringComparison.Ordinal)
                .Replace("400000", "lots", StringComparison.Ordinal).Replace("c,C,,300000,,,", "c,C,,300000,1.6,,", StringComparison.Ordinal),
            agreements: Agreements.Replace("a;b,a,waste", "a;zz,a,waste", StringComparison.Ordinal).Replace("kfw;c,,,5e8", "kfw;c,,,-5", StringComparison.Ordinal));
        Lines.Equal([
            "agreements.csv:2:parties: agreements.ks-01.parties[1]: unknown party 'zz'",
            "agreements.csv:3:amount: agreements.f-01.amount: must not be negative, found -5",
            "regions.csv:2:kind: regions.a.kind: unknown value 'kotamadya'; expected one of: kota, kabupaten, provinsi",
            "regions.csv:3:population: regions.b.population: expected a number, found 'lots'",
            "regions.csv:4:capacity: regions.c.capacity: must be between 0 and 1, found 1.6"], errors);
    }

    [Fact]
    public void Required_cells_and_duplicate_ids()
    {
        var errors = Write(
            regions: Regions + "a,Again,,1,,,\n",
            agreements: Agreements.Replace("ks-01,shared_service,ksdd_wajib", "ks-01,,ksdd_wajib", StringComparison.Ordinal));
        Lines.Equal([
            "agreements.csv:2:type: agreements.ks-01.type: 'type' is required in an agreement",
            "regions.csv:5:id: regions[3].id: duplicate id 'a': the region at regions.csv:2:id already uses it"], errors);
    }

    [Fact]
    public void Columns_are_checked_against_the_fields()
    {
        var errors = Write(
            regions: "id,popultion,services.waste.demnd,services.waste,non_food,latitude\na,1,2,3,4,5\n",
            agreements: "id,lifecycle,remove\nx,2023-01,true\n");
        Lines.Equal([
            "agreements.csv:1:lifecycle: agreements: the column 'lifecycle' names a group of fields; give one column per field (lifecycle.initiated, lifecycle.active_from)",
            "agreements.csv:1:remove: agreements: unknown column 'remove'; the columns of an agreement are id, type, name, legal_form, parties, host, service, subject, cost_rule, amount, burdens_budget, lifecycle.{initiated,active_from,term_months,renew,revoke_at}, commodity, volume, freight_subsidy, source",
            "regions.csv:1:popultion: regions: unknown column 'popultion' (did you mean 'population'?)",
            "regions.csv:1:services.waste.demnd: regions: unknown column 'services.waste.demnd' (did you mean 'services.waste.demand'?)",
            "regions.csv:1:services.waste: regions: the column 'services.waste' needs the form services.ID.FIELD, one column per field (for example services.waste.demand)",
            "regions.csv:1:non_food: regions: the column 'non_food' names a group of fields; give one column per field (non_food.trend)",
            "regions.csv:1:latitude: regions: unknown column 'latitude' (did you mean 'lat'?)"], errors);
    }

    [Fact]
    public void Key_columns_are_required()
    {
        var errors = Write(regions: "name,population\nA,1\n", neighbours: "a,border_km\nx,1\n");
        Lines.Equal([
            "neighbours.csv:1:1: neighbours: the table needs a 'b' column (its columns: a, border_km)",
            "regions.csv:1:1: regions: the table needs a 'id' column (its columns: name, population)"], errors);
    }

    [Fact]
    public void Rows_that_do_not_fit_the_header_and_broken_csv()
    {
        Lines.Equal(["regions.csv:3:1: the row has 3 cells, the header has 7 columns"], Write(regions: Regions.Replace("b,\"Kabupaten B, the big one\",kabupaten,400000,,6000,190000", "b,B,kabupaten", StringComparison.Ordinal)));
        Lines.Equal(["regions.csv:3:1: a quote inside an unquoted cell ('Kabupaten \"B\"'): quote the whole cell and double the quotes inside it"],
            Write(regions: Regions.Replace("\"Kabupaten B, the big one\"", "Kabupaten \"B\"", StringComparison.Ordinal)));
        Lines.Equal(["regions.csv:1:1: the table is empty: its first line names the columns"], Write(regions: ""));
        // A quoted cell may span lines: rows after it are still named by the line they start on.
        Lines.Equal(["regions.csv:5:population: regions.c.population: must not be negative, found -3"],
            Write(regions: Regions.Replace("Kabupaten B, the big one", "Kabupaten B\nthe big one", StringComparison.Ordinal).Replace("300000", "-3", StringComparison.Ordinal)));
    }

    [Fact]
    public void Absurd_lines_and_bytes_that_are_not_text_stop_the_reading()
    {
        var line = string.Join(",", Enumerable.Repeat("9", 600_000)) + "\n";
        Lines.Equal(["regions.csv:3:1: line 3 is longer than 1048576 characters; the table is not read further"], Write(regions: "id,population\na,1\n" + line));
        Lines.Equal(["regions.csv:2:1: a cell is longer than 65536 characters; the table is not read further"], Write(regions: "id,population\na," + new string('9', 70_000) + "\n"));
        _files.Write("regions.csv", [.. "id,name\na,"u8.ToArray(), 0xff, 0xfe, (byte)'\n']);
        _files.Write("t.yaml", Yaml);
        Lines.Equal(["regions.csv:2:1: not UTF-8 text; a CSV table is UTF-8 (a spreadsheet saves it as 'CSV UTF-8')"], _files.Errors("t.yaml"));
        Lines.Equal(["regions.csv:1:1: the columns are separated by ';'; scenario tables are comma-separated (a spreadsheet saves them as 'CSV UTF-8, comma delimited')"],
            Write(regions: "id;name;population\na;A;1\n"));
    }

    [Fact]
    public void References_to_tables_are_checked()
    {
        Lines.Equal(["t.yaml:5:19: regions.table: table 'nope.csv' not found (looked for nope.csv)"],
            Write(yaml: Yaml.Replace("regions.csv", "nope.csv", StringComparison.Ordinal)).Select(e => e.Replace(_files.Root + "/", "", StringComparison.Ordinal)));
        Lines.Equal(["t.yaml:5:19: regions.table: 'regions.xlsx' is not a table: tables are .csv or .parquet files"],
            Write(yaml: Yaml.Replace("regions.csv", "regions.xlsx", StringComparison.Ordinal)));
        Lines.Equal(["t.yaml:9:15: agreements.tabel: unknown key 'tabel' (did you mean 'table'?)"],
            Write(yaml: Yaml.Replace("agreements: { table:", "agreements: { tabel:", StringComparison.Ordinal)));
        Lines.Equal(["t.yaml:9:15: agreements.path: unknown key 'path'; agreements is a list of items, or a table: { table: FILE }"],
            Write(yaml: Yaml.Replace("agreements: { table:", "agreements: { path:", StringComparison.Ordinal)));
        Lines.Equal(["t.yaml:5:19: regions.table: expected a file name (a .csv or .parquet table, relative to this file), found a list"],
            Write(yaml: Yaml.Replace("{ table: regions.csv }", "{ table: [regions.csv] }", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_tables_a_text_names_are_listed_without_reading_them() =>
        Assert.Equal(
            [("regions.csv", 1, 19), ("food.csv", 1, 38), ("more.parquet", 4, 29)],
            ScenarioTables.References("regions: { table: regions.csv, food: food.csv }\nagreements: [ { id: x } ]\nvariants:\n  v: { agreements: { table: more.parquet } }\n"));

    [Fact]
    public void Content_hash_covers_the_tables()
    {
        Write();
        var before = _files.Load("t.yaml").ContentHash;
        Write(regions: Regions.Replace("600000", "600001", StringComparison.Ordinal));
        Assert.NotEqual(before, _files.Load("t.yaml").ContentHash);
    }

    [Fact]
    public void Extends_and_variants_merge_into_table_rows_by_id()
    {
        Write();
        _files.Write("more-agreements.csv", """
            id,amount,name,type,legal_form,parties,lifecycle.initiated
            f-01,7e8,Bigger grant,,,,
            k-02,,Peer learning,knowledge,ksdd_sukarela,a;c,2024-01

            """);
        _files.Write("child.yaml", """
            extends: t.yaml
            regions:
              - { id: b, population: 450000 }
              - { id: d, population: 1000 }
            agreements:
              - { id: ks-01, remove: true }
            variants:
              bigger-grant:
                agreements: { table: more-agreements.csv }
              with-landfill:
                agreements:
                  - { id: ks-01, type: shared_service, legal_form: ksdd_sukarela, parties: [a, b], host: a, service: waste, lifecycle: { initiated: 2024-01 } }

            """);
        var child = _files.Load("child.yaml");
        Assert.True(child.Ok, string.Join("\n", child.Errors));
        var s = child.Scenario!;
        Lines.Equal(["a", "b", "c", "d"], s.Regions.Select(r => r.Id));
        Assert.Equal((450000.0, "Kabupaten B, the big one", 190000.0), (s.Regions[1].Population, s.Regions[1].Name, s.Regions[1].Services["waste"].UnitCost!.Value));
        Assert.Equal("child.yaml:3:26", Relative(s.Locations["regions.b.population"]));
        Assert.Equal("regions.csv:3:name", Relative(s.LocationOf("regions.b.name")));
        Lines.Equal(["f-01"], s.Agreements.Select(a => a.Id));

        var bigger = _files.Load("child.yaml", "bigger-grant");
        Assert.True(bigger.Ok, string.Join("\n", bigger.Errors));
        Lines.Equal(["f-01", "k-02"], bigger.Scenario!.Agreements.Select(a => a.Id));
        var grant = bigger.Scenario.Agreements[0];
        Assert.Equal((7e8, "Bigger grant", AgreementType.Funding, 24), (grant.Amount, grant.Name, grant.Type, grant.Timing.TermMonths!.Value));
        Assert.Equal("more-agreements.csv:2:amount", Relative(bigger.Scenario.LocationOf("agreements.f-01.amount")));
        Lines.Equal(["a", "c"], bigger.Scenario.Agreements[1].Parties);

        var landfill = _files.Load("child.yaml", "with-landfill");
        Assert.True(landfill.Ok, string.Join("\n", landfill.Errors));
        Lines.Equal(["f-01", "ks-01"], landfill.Scenario!.Agreements.Select(a => a.Id));
    }

    [Fact]
    public void A_long_food_table_adds_markets_to_inherited_regions()
    {
        Write();
        _files.Write("food.csv", """
            region,commodity,per_capita,production,seasonality,base_price
            a,chili,0.002,,,40000
            b,chili,0.002,900,1;1;1;0.8;0.8;0.9;1;1.1;1.2;1.2;1;1,38000

            """);
        _files.Write("food.yaml", """
            extends: t.yaml
            commodities: { chili: { cpi_weight: 0.02 } }
            regions: { food: food.csv }

            """);
        var loaded = _files.Load("food.yaml");
        Assert.True(loaded.Ok, string.Join("\n", loaded.Errors));
        var b = loaded.Scenario!.Regions[1];
        Assert.Equal((0.002, 900.0, 38000.0), (b.Food["chili"].PerCapita, b.Food["chili"].Production, b.Food["chili"].BasePrice));
        Assert.Equal(0.8, b.Food["chili"].Seasonality[3]);
        Assert.Equal(6000, b.Services["waste"].Demand);
        Assert.Empty(loaded.Scenario.Regions[2].Food);

        _files.Write("food.csv", "region,commodity,base_price\na,chili,40000\nzz,chili,1\na,chili,2\n");
        Lines.Equal([
            "food.csv:3:region: regions: unknown region 'zz' (the rows of food.csv add to the scenario's regions)",
            "food.csv:4:commodity: regions: the market 'chili' of region 'a' is listed twice (first at line 2)"],
            _files.Errors("food.yaml").Select(e => e.Replace(_files.Root + "/", "", StringComparison.Ordinal)));
    }

    [Fact]
    public void Services_are_given_once_either_as_columns_or_as_a_long_table()
    {
        _files.Write("services.csv", "region,service,demand\na,waste,1\n");
        Lines.Equal(["services.csv:1:region: regions: the regions' services are given twice: in regions.csv (services.* columns) and in services.csv; keep one"],
            Write(yaml: Yaml.Replace("{ table: regions.csv }", "{ table: regions.csv, services: services.csv }", StringComparison.Ordinal))
                .Select(e => e.Replace(_files.Root + "/", "", StringComparison.Ordinal)));
        _files.Write("regions.csv", "id,population\na,1\nb,2\nc,3\n");
        _files.Write("services.csv", "region,service,demand,unit_cost\na,waste,12000,\nb,waste,6000,190000\n");
        var loaded = _files.Load("t.yaml");
        Assert.True(loaded.Ok, string.Join("\n", loaded.Errors));
        Assert.Equal(190000, loaded.Scenario!.Regions[1].Services["waste"].UnitCost);
        Assert.Equal("services.csv:3:unit_cost", Relative(loaded.Scenario.LocationOf("regions.b.services.waste.unit_cost")));
    }

    public static TheoryData<TableFormat> Formats => new() { TableFormat.Csv, TableFormat.Parquet };

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_generated_scenario_written_as_tables_loads_as_the_same_scenario(TableFormat format)
    {
        var generated = ScenarioGenerator.Generate(300, 42);
        var written = ScenarioTableWriter.Write(generated, _files.Root, "g300", format);
        var extension = format == TableFormat.Csv ? "csv" : "parquet";
        Lines.Equal(["g300.yaml", $"regions.{extension}", $"neighbours.{extension}", $"agreements.{extension}"], written.Select(Path.GetFileName)!);
        var loaded = _files.Load("g300.yaml");
        Assert.True(loaded.Ok, string.Join("\n", loaded.Errors.Take(20)));
        Assert.Equal(ScenarioYamlWriter.ToYaml(generated), ScenarioYamlWriter.ToYaml(loaded.Scenario!));
        Assert.Equal(ScenarioJson.Serialize(generated), ScenarioJson.Serialize(loaded.Scenario!));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Food_markets_round_trip_through_a_long_table(TableFormat format)
    {
        var original = ScenarioLoader.Load(Path.Combine(ShippedScenarioTests.ScenarioDirectory(), "jambi-inflation-2022.yaml")).Scenario!;
        ScenarioTableWriter.Write(original, _files.Root, "food", format);
        Assert.True(File.Exists(Path.Combine(_files.Root, format == TableFormat.Csv ? "food.csv" : "food.parquet")));
        var loaded = _files.Load("food.yaml");
        Assert.True(loaded.Ok, string.Join("\n", loaded.Errors.Take(20)));
        Assert.Equal(ScenarioYamlWriter.ToYaml(original), ScenarioYamlWriter.ToYaml(loaded.Scenario!));
    }

    [Fact]
    public void Parquet_errors_name_the_row_and_the_column()
    {
        var s = ScenarioGenerator.Generate(20, 1);
        s = s with { Regions = [s.Regions[0], s.Regions[1] with { Population = -5 }, .. s.Regions.Skip(2)] };
        ScenarioTableWriter.Write(s, _files.Root, "bad", TableFormat.Parquet);
        Lines.Equal(["regions.parquet:2:population: regions.r0001.population: must not be negative, found -5"], _files.Errors("bad.yaml"));
        var parquet = File.ReadAllBytes(Path.Combine(_files.Root, "regions.parquet"));
        _files.Write("regions.parquet", "not parquet at all"u8.ToArray());
        Assert.Matches(@"^regions\.parquet:1:1: not a readable Parquet file: ", Assert.Single(_files.Errors("bad.yaml")));
        // Damaged files make the Parquet reader fail in many ways; each is one error, never an exception.
        var random = new Random(3);
        for (var i = 0; i < 40; i++)
        {
            var damaged = (byte[])parquet.Clone();
            for (var k = 0; k < 4; k++) damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            _files.Write("regions.parquet", i % 4 == 0 ? damaged[..(damaged.Length / 2)] : damaged);
            Assert.All(_files.Errors("bad.yaml"), e => Assert.Matches(@"^(regions|agreements|neighbours)\.parquet:\d+:", e));
        }
    }

    /// <summary>A regions table of <paramref name="rows"/> valid rows (ids r00000...), with row <paramref name="shortRow"/> (0-based) cut to three cells when not negative.</summary>
    private static string ManyRegions(int rows, int shortRow = -1)
    {
        var text = new System.Text.StringBuilder("id,name,kind,population,capacity,services.waste.demand,services.waste.unit_cost\n");
        for (var i = 0; i < rows; i++)
            text.Append(i == shortRow ? $"r{i:D5},R,kota\n" : $"r{i:D5},R {i},kota,{1000 + i},,12,\n");
        return text.ToString();
    }

    [Fact]
    public void Tables_parsed_at_the_same_time_report_the_errors_of_reading_them_in_turn()
    {
        // The tables are parsed at the same time and the large regions table finishes last; the errors are those of
        // reading the files one after another (listed by file and line), each table's first bad row included.
        var errors = Write(
            regions: ManyRegions(30_000, shortRow: 20_000),
            neighbours: "a,b,border_km,road_km\nr00000,r00001,70,\nr00001,r00002\nr00002\n",
            agreements: "id,type,legal_form,parties,host,service,amount,lifecycle.initiated,lifecycle.active_from,lifecycle.term_months\nks-01,shared_service\n");
        Lines.Equal([
            "agreements.csv:2:1: the row has 2 cells, the header has 10 columns",
            "neighbours.csv:3:1: the row has 2 cells, the header has 4 columns",
            "neighbours.csv:4:1: the row has 1 cell, the header has 4 columns",
            "regions.csv:20002:1: the row has 3 cells, the header has 7 columns"], errors);
        // Values are checked after reading, in row order: the first bad row of the large table is reported at its line.
        var values = Write(regions: ManyRegions(30_000).Replace("r20000,R 20000,kota,21000", "r20000,R 20000,kota,-3", StringComparison.Ordinal)
            .Replace("r25000,R 25000,kota,26000", "r25000,R 25000,kota,-4", StringComparison.Ordinal),
            neighbours: "a,b,border_km,road_km\nr00000,r00001,70,\n",
            agreements: "id,type,legal_form,parties,host,service,amount,lifecycle.initiated,lifecycle.active_from,lifecycle.term_months\nks-01,shared_service,ksdd_wajib,r00000;r00001,r00000,waste,,2023-06,,\n");
        Assert.Equal("regions.csv:20002:population: regions.r20000.population: must not be negative, found -3", values[0]);
        Assert.Equal("regions.csv:25002:population: regions.r25000.population: must not be negative, found -4", values[1]);
    }

    [Fact]
    public void A_table_named_twice_or_missing_is_read_ahead_as_when_read_in_turn()
    {
        // Two lists name one file: it is read (and hashed) once; a missing table is reported where it is named.
        _files.Write("regions.csv", Regions);
        _files.Write("neighbours.csv", Neighbours);
        _files.Write("agreements.csv", Agreements);
        _files.Write("t.yaml", Yaml.Replace("neighbours: { table: neighbours.csv }", "neighbours: { table: agreements.csv }", StringComparison.Ordinal));
        Assert.Equal("agreements.csv:1:1: neighbours: the table needs a 'a' column (its columns: id, type, legal_form, parties, host, service, amount, lifecycle.initiated, lifecycle.active_from, lifecycle.term_months)",
            _files.Errors("t.yaml")[0]);
        _files.Write("t.yaml", Yaml.Replace("neighbours.csv", "gone.csv", StringComparison.Ordinal));
        Assert.Equal(["t.yaml:8:22: neighbours.table: table 'gone.csv' not found (looked for gone.csv)"],
            _files.Errors("t.yaml").Select(e => e.Replace(_files.Root + "/", "", StringComparison.Ordinal)));
        // The same files load as the same scenario, with the same content hash, whichever order the threads finish in.
        Write();
        var first = _files.Load("t.yaml");
        for (var i = 0; i < 5; i++)
        {
            var again = _files.Load("t.yaml");
            Assert.Equal(first.ContentHash, again.ContentHash);
            Assert.Equal(ScenarioYamlWriter.ToYaml(first.Scenario!), ScenarioYamlWriter.ToYaml(again.Scenario!));
        }
    }
}
