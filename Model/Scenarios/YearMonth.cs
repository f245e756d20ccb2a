using System.Globalization;

namespace KerjasamaGraph.Model.Scenarios;

/// <summary>
/// A calendar month (one simulation tick). Stored as the number of months since January of year 0
/// so that arithmetic and ordering are plain integer operations.
/// </summary>
public readonly record struct YearMonth(int Index) : IComparable<YearMonth>
{
    public int Year => Index / 12;
    public int Month => Index % 12 + 1;

    public static YearMonth Of(int year, int month) => new(year * 12 + (month - 1));

    public YearMonth AddMonths(int months) => new(Index + months);

    public static int operator -(YearMonth a, YearMonth b) => a.Index - b.Index;

    public int CompareTo(YearMonth other) => Index.CompareTo(other.Index);

    public static bool operator <(YearMonth a, YearMonth b) => a.Index < b.Index;
    public static bool operator >(YearMonth a, YearMonth b) => a.Index > b.Index;
    public static bool operator <=(YearMonth a, YearMonth b) => a.Index <= b.Index;
    public static bool operator >=(YearMonth a, YearMonth b) => a.Index >= b.Index;

    /// <summary>Parses <c>YYYY-MM</c>. Returns false for anything else (including month 13).</summary>
    public static bool TryParse(string? text, out YearMonth value)
    {
        value = default;
        if (text is null || text.Length != 7 || text[4] != '-') return false;
        if (!int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var y)) return false;
        if (!int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m)) return false;
        if (y < 1900 || y > 2200 || m < 1 || m > 12) return false;
        value = Of(y, m);
        return true;
    }

    public static YearMonth Parse(string text) =>
        TryParse(text, out var v) ? v : throw new FormatException($"'{text}' is not a month in the form YYYY-MM");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");
}
