using System.Globalization;
using System.Text;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Model.Simulation;
using Parquet;
using Parquet.Schema;

namespace KerjasamaGraph.Model.Runs.Checkpoints;

/// <summary>
/// The first months of a branch whose variant adds, removes or re-parties agreements (<see cref="CheckpointRemap"/>): the
/// tables a run of the variant writes for the months before the branch, made from the tables of the run branched from.
/// When nothing changes before the branch, the two runs differ there only in their agreements that have not started:
/// <list type="bullet">
/// <item>regions: the same rows (not-started agreements book nothing and are not active): copied byte for byte;</item>
/// <item>agreements: every month has a row per agreement in the run's agreement order (ordinal by id): the rows of
/// agreements the variant drops are left out, and each agreement it adds gets the row a run writes for an agreement that
/// has not started (state not_started, active share 0, no benefit, no region reached) at its place;</item>
/// <item>summary: the count of not_started agreements changes by the same number in every replication (agreements
/// added minus agreements dropped); its value (or mean and 5th/95th percentiles over the replications) is computed again
/// from the numbers written (see <see cref="ShiftBand"/>); every other field is kept. With several replications and a trigger
/// whose candidates wait in some replications and not in others, the counts written may leave the shifted band undecided
/// (it is rounded near a power of two); the branch is then refused with <see cref="ForkRefusedException"/>.</item>
/// </list>
/// The tables are read and written a record (CSV) or a month (Parquet) at a time; the Parquet summary, one row a month,
/// is rewritten as one row group.
/// </summary>
public static class ForkTables
{
    /// <summary>
    /// Writes the tables of <paramref name="to"/> for its first <paramref name="tick"/> months into <paramref name="work"/> from
    /// those of <paramref name="fromFolder"/> (a run of <paramref name="from"/>, cut at <paramref name="mark"/>) and returns their mark.
    /// </summary>
    public static async Task<TableMark> WriteAsync(SimulationWorld from, SimulationWorld to, int tick, string fromFolder, TableMark mark, OutputFormat format,
        string work, CancellationToken cancellationToken = default)
    {
        var names = RunWriter.TableNames(format);
        var map = CheckpointRemap.Map(from, to);
        var back = new int[to.Agreements.Length];
        Array.Fill(back, -1);
        for (var a = 0; a < map.Length; a++) if (map[a] >= 0) back[map[a]] = a;
        var shift = back.Count(a => a < 0) - map.Count(b => b < 0);
        var paths = names.Select(n => Path.Combine(fromFolder, n)).ToArray();
        foreach (var path in paths) if (!File.Exists(path)) throw new IOException($"{path}: table of the run to fork from is missing");
        if (format == OutputFormat.Csv)
        {
            await CopyPrefixAsync(paths[0], Path.Combine(work, names[0]), mark.Lengths[0], cancellationToken);
            var agreements = await Task.Run(() => AgreementsCsv(from, to, tick, back, paths[1], mark.Lengths[1], Path.Combine(work, names[1]), cancellationToken), cancellationToken);
            var summary = await Task.Run(() => SummaryCsv(from, to.Lanes, shift, paths[2], mark.Lengths[2], Path.Combine(work, names[2]), cancellationToken), cancellationToken);
            return new TableMark([mark.Lengths[0], agreements, summary], [[], [], []]);
        }
        // Parquet: the regions' bytes before their footer (written back when the table is opened to append), the other two written whole.
        await CopyPrefixAsync(paths[0], Path.Combine(work, names[0]), mark.Lengths[0] - mark.Footers[0].Length, cancellationToken);
        var lengths = new long[3];
        var footers = new byte[3][];
        (lengths[0], footers[0]) = (mark.Lengths[0], mark.Footers[0]);
        for (var t = 1; t < 3; t++)
        {
            var cut = Path.Combine(work, "." + names[t] + ".from");
            try
            {
                // The other run's table as it was at the mark: its bytes before the footer, then the footer.
                await CopyPrefixAsync(paths[t], cut, mark.Lengths[t] - mark.Footers[t].Length, cancellationToken);
                await using (var append = new FileStream(cut, FileMode.Append, FileAccess.Write)) await append.WriteAsync(mark.Footers[t], cancellationToken);
                var target = Path.Combine(work, names[t]);
                if (t == 1) await AgreementsParquet(from, to, tick, back, cut, target, cancellationToken);
                else await SummaryParquet(from, to.Lanes, shift, cut, target, cancellationToken);
                (lengths[t], footers[t]) = (new FileInfo(target).Length, await ParquetTable.FooterAsync(target, cancellationToken));
            }
            finally
            {
                File.Delete(cut);
            }
        }
        return new TableMark(lengths, footers);
    }

    /// <summary>The first <paramref name="length"/> bytes of the table <paramref name="from"/> of the run branched from, into a new file <paramref name="to"/>.</summary>
    internal static async Task CopyPrefixAsync(string from, string to, long length, CancellationToken cancellationToken)
    {
        if (!File.Exists(from)) throw new IOException($"{from}: table of the run to fork from is missing");
        if (new FileInfo(from).Length < length) throw new IOException($"{from}: shorter than at the checkpoint ({length} bytes); the run cannot be forked");
        await using var source = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        await using var target = new FileStream(to, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        var buffer = new byte[1 << 20];
        for (var left = length; left > 0;)
        {
            var n = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken);
            if (n == 0) throw new IOException($"{from}: ended before {length} bytes");
            await target.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
            left -= n;
        }
    }

    /// <summary>The text fields of the row a run writes for an agreement that has not started (as <see cref="RunAggregator"/> does).</summary>
    private static string[] NotStartedText(SimulationWorld world, AgreementInfo a) =>
        [a.Id, RunAggregator.Snake(a.Type.ToString()), RunAggregator.Snake(a.Definition.LegalForm.ToString()), world.EntityIds[a.Owner], LifecycleState.NotStarted.Name()];

    /// <summary>Numeric fields of an agreement row: the active share, then three quantities (one field each, or mean, p05 and p95).</summary>
    private static int AgreementNumbers(int lanes) => 1 + 3 * (lanes == 1 ? 1 : 3);

    private static long AgreementsCsv(SimulationWorld from, SimulationWorld to, int tick, int[] back, string path, long length, string target, CancellationToken cancellationToken)
    {
        using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        var records = new CsvRecords(input, length);
        if (!records.Next(out var header)) throw new InvalidDataException($"{path}: no header");
        output.Write(header);
        var numbers = AgreementNumbers(to.Lanes);
        var zeros = new double[numbers];
        for (var t = 0; t < tick; t++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var month = from.MonthAt(t).ToString();
            var a = 0;
            foreach (var b in to.Agreements)
            {
                var source = back[b.Index];
                if (source < 0)
                {
                    new RowBlock(month, [NotStartedText(to, b)], zeros, numbers).WriteCsv(output);
                    continue;
                }
                // The other run's rows up to this agreement's: those of agreements the variant drops are left out.
                for (; a <= source; a++)
                {
                    if (!records.Next(out var record)) throw new InvalidDataException($"{path}: ends in {month} before agreement {from.Agreements[a].Id}");
                    var (rowMonth, id) = CsvRecords.FirstTwo(record);
                    if (rowMonth != month || id != from.Agreements[a].Id) throw new InvalidDataException($"{path}: row {rowMonth},{id} where the run has {month},{from.Agreements[a].Id}");
                    if (a == source) output.Write(record);
                }
            }
            for (; a < from.Agreements.Length; a++)
            {
                if (!records.Next(out var record)) throw new InvalidDataException($"{path}: ends in {month} before agreement {from.Agreements[a].Id}");
                var (rowMonth, id) = CsvRecords.FirstTwo(record);
                if (rowMonth != month || id != from.Agreements[a].Id) throw new InvalidDataException($"{path}: row {rowMonth},{id} where the run has {month},{from.Agreements[a].Id}");
            }
        }
        if (records.Next(out _)) throw new InvalidDataException($"{path}: more rows than {tick} months before the checkpoint");
        output.Flush();
        return output.Length;
    }

    /// <summary>
    /// Agreements of the scenario (not a trigger's candidates) that are not started in month <paramref name="tick"/>, in every
    /// replication: those that enter the procedure (initiated) or become active (active_from) later, or never, and are not revoked
    /// by then (<see cref="Mechanisms.Lifecycle"/> moves them on in the month their dates say, whatever the replication).
    /// </summary>
    private static int NotStarted(SimulationWorld world, int tick)
    {
        var month = world.MonthAt(tick);
        var count = 0;
        foreach (var a in world.Agreements)
        {
            if (a.Trigger >= 0) continue;
            var timing = a.Definition.Timing;
            if ((timing.ActiveFrom ?? timing.Initiated) is { } first && first <= month) continue;
            if (timing.RevokeAt is { } revoke && revoke <= month) continue;
            count++;
        }
        return count;
    }

    /// <summary>A trigger's candidate agreements: not started until their trigger picks them, in each replication on its own.</summary>
    private static int Candidates(SimulationWorld world) => world.Agreements.Count(a => a.Trigger >= 0);

    private static long SummaryCsv(SimulationWorld from, int lanes, int shift, string path, long length, string target, CancellationToken cancellationToken)
    {
        using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        var records = new CsvRecords(input, length);
        if (!records.Next(out var header)) throw new InvalidDataException($"{path}: no header");
        output.Write(header);
        while (records.Next(out var record))
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Summary rows hold a month and numbers only: no field is quoted.
            var fields = Encoding.UTF8.GetString(record[..^1]).Split(',');
            var month = YearMonth.Parse(fields[0]) - from.Start;
            Shift(fields, lanes, shift, NotStarted(from, month), Candidates(from), path);
            CsvText.WriteRow(output, fields);
        }
        output.Flush();
        return output.Length;
    }

    /// <summary>
    /// Changes a summary row's not_started field(s) (right after the month) for <paramref name="shift"/> more not-started agreements in
    /// every lane; the run's counts were between <paramref name="least"/> and <paramref name="least"/> + <paramref name="spread"/>.
    /// </summary>
    private static void Shift(string[] fields, int lanes, int shift, int least, int spread, string path)
    {
        if (shift == 0) return;
        double Read(int i) => double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
            : throw new InvalidDataException($"{path}: {fields[0]}: agreements_not_started is '{fields[i]}', not a number");
        if (lanes == 1)
        {
            fields[1] = RunAggregator.Format(Read(1) + shift);
            return;
        }
        var (mean, p05, p95) = ShiftBand(Read(1), Read(2), Read(3), lanes, shift, least, spread)
                               ?? throw new ForkRefusedException($"{Path.GetFileName(path)}, {fields[0]}: the band of agreements_not_started over the replications " +
                                                                 $"({fields[1]}, {fields[2]}, {fields[3]}) is given by several sets of counts (the trigger candidates still waiting " +
                                                                 "differ between replications) whose bands differ once shifted, so the branch's cannot be known; run the variant from the start");
        (fields[1], fields[2], fields[3]) = (RunAggregator.Format(mean), RunAggregator.Format(p05), RunAggregator.Format(p95));
    }

    /// <summary>
    /// The mean and 5th/95th percentiles (<see cref="Statistics.Descriptive.Bands"/>) of <paramref name="lanes"/> whole counts
    /// between <paramref name="least"/> and <paramref name="least"/> + <paramref name="spread"/>, each <paramref name="shift"/>
    /// larger, from those of the counts themselves; null when no such counts give the band, or when counts that give it would
    /// give different bands shifted (then the band cannot be known from what was written).
    /// <para>
    /// The mean is the counts' sum (a whole number, exact in a double) divided by their number: the sum is the one whose
    /// quotient is the mean, and the new mean is (sum + shift × lanes) / lanes. A percentile is low + f · (high − low) with
    /// f = h − ⌊h⌋, h = (lanes − 1) · p, for two neighbouring order statistics low ≤ high; shifting both leaves high − low as
    /// it is, so the new percentile is (low + shift) + f · (high − low). Every (low, high − low) within the bounds that gives the
    /// old value, in the same floating-point operations, is tried. The bounds matter: a percentile rounded near a power of two
    /// can be given by several (low, high − low), which can round differently once shifted across it. The not_started counts of
    /// a run's replications differ only by the trigger candidates still waiting (every other agreement leaves not_started in
    /// the month its dates say, in every replication), so without triggers the spread is 0 and the band is exact.
    /// </para>
    /// </summary>
    public static (double Mean, double P05, double P95)? ShiftBand(double mean, double p05, double p95, int lanes, int shift, int least, int spread)
    {
        var most = least + spread;
        var sums = new List<long>();
        for (var s = (long)Math.Round(mean * lanes) - 1; s <= (long)Math.Round(mean * lanes) + 1; s++)
            if (s >= (long)least * lanes && s <= (long)most * lanes && (double)s / lanes == mean) sums.Add(s);
        var (lo05, low05) = Candidates(p05, 0.05, lanes, least, most);
        var (lo95, low95) = Candidates(p95, 0.95, lanes, least, most);
        (double, double, double)? result = null;
        foreach (var s in sums)
            foreach (var a in low05)
                foreach (var b in low95)
                {
                    if (!Feasible(lanes, least, most, s, lo05, a, lo95, b)) continue;
                    var shifted = (((double)s + (double)shift * lanes) / lanes, Percentile(a, shift, lo05, 0.05, lanes), Percentile(b, shift, lo95, 0.95, lanes));
                    if (result is { } r && r != shifted) return null;
                    result = shifted;
                }
        return result;
    }

    /// <summary>The lower of the two order statistics a percentile reads (its index) and every (low, high − low) that gives <paramref name="value"/>.</summary>
    private static (int Index, List<(int Low, int Gap)> Candidates) Candidates(double value, double p, int lanes, int least, int most)
    {
        var h = (lanes - 1) * p;
        var lo = (int)Math.Floor(h);
        var found = new List<(int, int)>();
        for (var low = least; low <= most; low++)
            for (var d = 0; low + d <= most; d++)
                if ((double)low + (h - lo) * (double)d == value) found.Add((low, d));
        return (lo, found);
    }

    /// <summary>The percentile of the counts shifted, in the operations of <see cref="Statistics.Descriptive.PercentileSorted"/>.</summary>
    private static double Percentile((int Low, int Gap) c, int shift, int lo, double p, int lanes) => (double)(c.Low + shift) + ((lanes - 1) * p - lo) * (double)c.Gap;

    /// <summary>
    /// Whether whole counts from <paramref name="least"/> to <paramref name="most"/>, sorted, can have the order statistics
    /// <paramref name="a"/> at <paramref name="i"/> (and its gap to the next) and <paramref name="b"/> at <paramref name="j"/>, and
    /// the sum <paramref name="sum"/>: every other count can then be anything between its fixed neighbours, so the sums
    /// possible are every whole number between the smallest and the largest.
    /// </summary>
    private static bool Feasible(int lanes, int least, int most, long sum, int i, (int Low, int Gap) a, int j, (int Low, int Gap) b)
    {
        var fixedAt = new int?[lanes];
        bool Fix(int at, int value)
        {
            if (at >= lanes) return true;
            if (fixedAt[at] is { } v && v != value) return false;
            fixedAt[at] = value;
            return true;
        }
        if (!Fix(i, a.Low) || !Fix(i + 1, a.Low + a.Gap) || !Fix(j, b.Low) || !Fix(j + 1, b.Low + b.Gap)) return false;
        long smallest = 0, largest = 0;
        var floor = least;
        for (var k = 0; k < lanes; k++)
        {
            if (fixedAt[k] is { } v)
            {
                if (v < floor) return false;
                floor = v;
                smallest += v;
                continue;
            }
            smallest += floor;
        }
        var ceiling = most;
        for (var k = lanes - 1; k >= 0; k--)
        {
            if (fixedAt[k] is { } v)
            {
                ceiling = v;
                largest += v;
                continue;
            }
            largest += ceiling;
        }
        return sum >= smallest && sum <= largest;
    }

    private static async Task AgreementsParquet(SimulationWorld from, SimulationWorld to, int tick, int[] back, string path, string target, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken);
        var fields = reader.Schema.GetDataFields();
        var numbers = AgreementNumbers(to.Lanes);
        const int texts = RunWriter.AgreementTextColumns;
        if (fields.Length != texts + numbers) throw new InvalidDataException($"{path}: {fields.Length} columns, expected {texts + numbers}");
        var expectedGroups = from.Agreements.Length == 0 ? 0 : tick;
        if (reader.RowGroupCount != expectedGroups) throw new InvalidDataException($"{path}: {reader.RowGroupCount} row groups, expected {expectedGroups} (one a month)");
        await using var table = await ParquetTable.CreateAsync(target, fields.Select(f => f.Name).ToArray(), texts, cancellationToken);
        for (var t = 0; t < tick; t++)
        {
            var month = from.MonthAt(t).ToString();
            string?[][] text = [];
            double?[][] values = [];
            if (expectedGroups > 0)
            {
                using var group = reader.OpenRowGroupReader(t);
                var n = (int)group.RowCount;
                if (n != from.Agreements.Length) throw new InvalidDataException($"{path}: {month} has {n} rows, the run {from.Agreements.Length} agreements");
                text = new string?[texts][];
                values = new double?[numbers][];
                for (var c = 0; c < fields.Length; c++)
                {
                    if (c < texts)
                    {
                        text[c] = new string?[n];
                        await group.ReadAsync(fields[c], text[c].AsMemory(), cancellationToken: cancellationToken);
                    }
                    else
                    {
                        values[c - texts] = new double?[n];
                        await group.ReadAsync<double>(fields[c], values[c - texts].AsMemory(), cancellationToken: cancellationToken);
                    }
                }
            }
            var rows = new string[to.Agreements.Length][];
            var numeric = new double[to.Agreements.Length * numbers];
            foreach (var b in to.Agreements)
            {
                var a = back[b.Index];
                if (a < 0)
                {
                    rows[b.Index] = NotStartedText(to, b);
                    continue;
                }
                if (text[0][a] != month || text[1][a] != from.Agreements[a].Id) throw new InvalidDataException($"{path}: row {text[0][a]},{text[1][a]} where the run has {month},{from.Agreements[a].Id}");
                rows[b.Index] = [.. Enumerable.Range(1, texts - 1).Select(c => text[c][a] ?? "")];
                for (var c = 0; c < numbers; c++) numeric[b.Index * numbers + c] = values[c][a] ?? double.NaN;
            }
            await table.WriteAsync(new RowBlock(month, rows, numeric, numbers), cancellationToken);
        }
    }

    private static async Task SummaryParquet(SimulationWorld from, int lanes, int shift, string path, string target, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken);
        var fields = reader.Schema.GetDataFields();
        await using var table = await ParquetTable.CreateAsync(target, fields.Select(f => f.Name).ToArray(), 1, cancellationToken);
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var n = (int)group.RowCount;
            var months = new string?[n];
            await group.ReadAsync(fields[0], months.AsMemory(), cancellationToken: cancellationToken);
            var columns = new double?[fields.Length - 1][];
            for (var c = 1; c < fields.Length; c++)
            {
                columns[c - 1] = new double?[n];
                await group.ReadAsync<double>(fields[c], columns[c - 1].AsMemory(), cancellationToken: cancellationToken);
            }
            for (var r = 0; r < n; r++)
            {
                // The row as the run formatted it (a null is an empty field), which the table parses back when it writes it.
                var row = new string[fields.Length];
                row[0] = months[r] ?? "";
                for (var c = 1; c < fields.Length; c++) row[c] = columns[c - 1][r] is { } v ? RunAggregator.Format(v) : "";
                Shift(row, lanes, shift, NotStarted(from, YearMonth.Parse(row[0]) - from.Start), Candidates(from), path);
                table.Add(row);
            }
        }
    }

    /// <summary>CSV records of the first bytes of a stream, each with its "\n" (a quoted field may hold line ends), read through a buffer.</summary>
    private sealed class CsvRecords(Stream stream, long length)
    {
        private byte[] _buffer = new byte[1 << 20];
        private int _start;
        private int _end;
        private long _left = length;

        public bool Next(out ReadOnlySpan<byte> record)
        {
            var quoted = false;
            var i = _start;
            while (true)
            {
                for (; i < _end; i++)
                {
                    var c = _buffer[i];
                    if (c == (byte)'"') quoted = !quoted;
                    else if (c == (byte)'\n' && !quoted)
                    {
                        record = _buffer.AsSpan(_start, i + 1 - _start);
                        _start = i + 1;
                        return true;
                    }
                }
                var scanned = i - _start;
                if (!Fill())
                {
                    if (_start != _end) throw new InvalidDataException("a table ends in the middle of a row at the checkpoint");
                    record = default;
                    return false;
                }
                i = _start + scanned;
            }
        }

        /// <summary>Keeps the unread bytes at the buffer's start and reads more after them; false when nothing is left.</summary>
        private bool Fill()
        {
            if (_left == 0) return false;
            var unread = _end - _start;
            if (unread == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            else if (_start > 0) _buffer.AsSpan(_start, unread).CopyTo(_buffer);
            _start = 0;
            _end = unread;
            var n = stream.Read(_buffer, _end, (int)Math.Min(_buffer.Length - _end, _left));
            if (n == 0) throw new InvalidDataException("a table is shorter than at the checkpoint");
            _end += n;
            _left -= n;
            return true;
        }

        /// <summary>The first two fields of a record (CsvHelper's quoting undone).</summary>
        public static (string, string) FirstTwo(ReadOnlySpan<byte> record)
        {
            var first = Field(ref record);
            return (first, Field(ref record));
        }

        private static string Field(ref ReadOnlySpan<byte> rest)
        {
            if (rest.Length > 0 && rest[0] == (byte)'"')
            {
                var text = new StringBuilder();
                var i = 1;
                while (i < rest.Length)
                {
                    if (rest[i] == (byte)'"')
                    {
                        if (i + 1 < rest.Length && rest[i + 1] == (byte)'"')
                        {
                            text.Append('"');
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    var run = rest[i..].IndexOf((byte)'"');
                    if (run < 0) run = rest.Length - i;
                    text.Append(Encoding.UTF8.GetString(rest.Slice(i, run)));
                    i += run;
                }
                rest = i + 2 <= rest.Length ? rest[(i + 2)..] : [];
                return text.ToString();
            }
            var end = rest.IndexOfAny((byte)',', (byte)'\n');
            if (end < 0) end = rest.Length;
            var field = Encoding.UTF8.GetString(rest[..end]);
            rest = end < rest.Length ? rest[(end + 1)..] : [];
            return field;
        }
    }
}
