using System.Globalization;

namespace KerjasamaGraph.Model.Graph;

/// <summary>The attribute value types a graph carries, and how they are written in text formats.</summary>
public enum AttributeType { String, Double, Long, Boolean }

/// <summary>
/// Attribute values are <see cref="string"/>, <see cref="double"/>, <see cref="long"/> or <see cref="bool"/>.
/// Numbers are written with the invariant culture and round-trip formatting, so a value read back by NetworkX,
/// pandas or Gephi is the same double.
/// </summary>
public static class GraphAttributes
{
    /// <summary>The type name GraphML and GEXF both use for an attribute type.</summary>
    public static string TypeName(AttributeType type) => type switch
    {
        AttributeType.Double => "double",
        AttributeType.Long => "long",
        AttributeType.Boolean => "boolean",
        _ => "string",
    };

    public static AttributeType TypeOf(object value) => value switch
    {
        double or float => AttributeType.Double,
        long or int => AttributeType.Long,
        bool => AttributeType.Boolean,
        _ => AttributeType.String,
    };

    /// <summary>The type of a column: the widest of its values' types (long and double give double; any string gives string).</summary>
    public static AttributeType Widen(AttributeType a, AttributeType b)
    {
        if (a == b) return a;
        if (a is AttributeType.Long or AttributeType.Double && b is AttributeType.Long or AttributeType.Double) return AttributeType.Double;
        return AttributeType.String;
    }

    public static double? ToDouble(object? value) => value switch
    {
        double d => d,
        float f => f,
        long l => l,
        int i => i,
        bool b => b ? 1 : 0,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    public static string FormatDouble(double d)
    {
        if (double.IsNaN(d)) return "NaN";
        if (double.IsPositiveInfinity(d)) return "INF";
        if (double.IsNegativeInfinity(d)) return "-INF";
        return d.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>The value as text, converted to <paramref name="type"/> (a long in a double column is written as a double).</summary>
    public static string Format(object value, AttributeType type) => type switch
    {
        AttributeType.Double => FormatDouble(ToDouble(value) ?? double.NaN),
        AttributeType.Long => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        AttributeType.Boolean => (bool)value ? "true" : "false",
        _ => value switch
        {
            double d => FormatDouble(d),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        },
    };

    /// <summary>Column types of a set of attribute dictionaries, in key order.</summary>
    public static List<(string Name, AttributeType Type)> Columns(IEnumerable<IReadOnlyDictionary<string, object>> rows)
    {
        var types = new SortedDictionary<string, AttributeType>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            foreach (var (k, v) in row)
            {
                var t = TypeOf(v);
                types[k] = types.TryGetValue(k, out var old) ? Widen(old, t) : t;
            }
        }
        return types.Select(kv => (kv.Key, kv.Value)).ToList();
    }
}
