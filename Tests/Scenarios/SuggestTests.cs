using KerjasamaGraph.Model.Scenarios;

namespace KerjasamaGraph.Tests.Scenarios;

/// <summary>"Did you mean": edit distance with transpositions, and the closest candidate within the limit.</summary>
public sealed class SuggestTests
{
    [Theory]
    [InlineData("regions", "regions", 0)]
    [InlineData("reigons", "regions", 1)]   // two neighbouring letters swapped: one slip
    [InlineData("regoins", "regions", 1)]
    [InlineData("region", "regions", 1)]
    [InlineData("regxons", "regions", 1)]
    [InlineData("ca", "abc", 3)]            // optimal string alignment: no edit of a transposed pair (full Damerau gives 2)
    [InlineData("", "abc", 3)]
    [InlineData("kitten", "sitting", 3)]
    public void Distance_counts_insertions_deletions_substitutions_and_transpositions(string a, string b, int expected)
    {
        Assert.Equal(expected, Suggest.Distance(a, b));
        Assert.Equal(expected, Suggest.Distance(b, a));
    }

    [Fact]
    public void A_transposed_name_gets_its_suggestion()
    {
        Assert.Equal("neighbours", Suggest.Closest("nieghbours", ["regions", "neighbours", "agreements"]));
        Assert.Equal("kota-jambi", Suggest.Closest("kota-jmabi", ["kota-jambi", "muaro-jambi"]));
        Assert.Null(Suggest.Closest("xyz", ["regions", "neighbours"]));
    }
}
