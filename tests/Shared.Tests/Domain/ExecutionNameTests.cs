using Sluice.Shared.Domain;

namespace Sluice.Shared.Tests.Domain;

public sealed class ExecutionNameTests
{
    [Theory]
    [InlineData("evt-1")]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e")]
    [InlineData("A_b-9")]
    public void FromEventId_ValidName_IsTheIdItself(string id) => Assert.Equal(id, ExecutionName.FromEventId(id));

    [Fact]
    public void FromEventId_DisallowedCharacters_ReplacedAndHashed()
    {
        var name = ExecutionName.FromEventId("ord-1/outcome");

        Assert.StartsWith("ord-1_outcome-", name, StringComparison.Ordinal);
        Assert.Equal("ord-1_outcome-".Length + 8, name.Length);
    }

    [Fact]
    public void FromEventId_TooLong_CutTo80WithHash()
    {
        var name = ExecutionName.FromEventId(new string('a', 200));

        Assert.Equal(80, name.Length);
        Assert.All(name, c => Assert.True(ExecutionName.IsAllowed(c)));
    }

    [Fact]
    public void FromEventId_IdsThatSanitiseAlike_GetDistinctNames()
    {
        Assert.NotEqual(ExecutionName.FromEventId("a/b"), ExecutionName.FromEventId("a:b"));
        Assert.Equal(ExecutionName.FromEventId("a/b"), ExecutionName.FromEventId("a/b"));
    }
}
