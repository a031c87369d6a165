namespace Sluice.Shared.Tests;

public sealed class DictionaryEnvironmentTests
{
    [Fact]
    public void Get_UnknownName_ReturnsNull()
    {
        var env = new DictionaryEnvironment(new Dictionary<string, string?> { ["A"] = "1" });
        Assert.Equal("1", env.Get("A"));
        Assert.Null(env.Get("B"));
    }
}
