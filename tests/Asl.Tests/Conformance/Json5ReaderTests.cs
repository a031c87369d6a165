namespace Sluice.Asl.Tests.Conformance;

public sealed class Json5ReaderTests
{
    [Fact]
    public void ToJson_CommentsUnquotedKeysSingleQuotesTrailingCommas_ReturnsJson()
    {
        var json5 = """
            {
              // a comment
              Comment: 'it\'s "quoted"', /* block */
              "States": { A: { Type: "Pass", End: true, }, },
              list: [1, 2, ],
              url: "http://x//y",
            }
            """;
        var node = Json5Reader.Parse(json5)!;
        Assert.Equal("it's \"quoted\"", node["Comment"]!.GetValue<string>());
        Assert.True(node["States"]!["A"]!["End"]!.GetValue<bool>());
        Assert.Equal(2, node["list"]!.AsArray().Count);
        Assert.Equal("http://x//y", node["url"]!.GetValue<string>());
    }

    [Fact]
    public void ToJson_UnterminatedString_Throws() =>
        Assert.Throws<FormatException>(() => Json5Reader.ToJson("{a: 'open}"));
}
