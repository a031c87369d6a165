namespace Sluice.Asl.Tests;

public sealed class DefinitionSubstitutionsTests
{
    [Fact]
    public void Apply_KnownKeys_ReplacesEveryPlaceholder()
    {
        var result = DefinitionSubstitutions.Apply(
            """{"Resource":"${OrchestratorArn}","Parameters":{"FunctionName":"${OrchestratorArn}","Stream":"${Stream}"}}""",
            new Dictionary<string, string> { ["OrchestratorArn"] = "arn:aws:lambda:us-east-1:000000000000:function:o", ["Stream"] = "orders" });
        Assert.Equal("""{"Resource":"arn:aws:lambda:us-east-1:000000000000:function:o","Parameters":{"FunctionName":"arn:aws:lambda:us-east-1:000000000000:function:o","Stream":"orders"}}""", result);
    }

    [Fact]
    public void Apply_UnknownKey_Throws() =>
        Assert.Throws<KeyNotFoundException>(() => DefinitionSubstitutions.Apply("""{"a":"${Missing}"}""", new Dictionary<string, string>()));

    [Fact]
    public void Apply_UnclosedPlaceholder_Throws() =>
        Assert.Throws<FormatException>(() => DefinitionSubstitutions.Apply("""{"a":"${Open"}""".Replace("}", string.Empty, StringComparison.Ordinal), new Dictionary<string, string>()));
}
