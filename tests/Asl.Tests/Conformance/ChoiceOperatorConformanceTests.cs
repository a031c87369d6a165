namespace Sluice.Asl.Tests.Conformance;

public sealed class ChoiceOperatorConformanceTests
{
    private static readonly Lazy<IReadOnlyList<ChoiceOperatorCases.Case>> Cases = new(ChoiceOperatorCases.LoadAll);

    public static TheoryData<string> AllCases() => [.. Cases.Value.Where(c => ChoiceOperatorCases.Unreplayable(c) is null).Select(c => c.Id)];

    [Theory]
    [MemberData(nameof(AllCases))]
    public async Task Choice_RecordedOperatorCase_TakesTheBranchAwsTook(string id)
    {
        var difference = await ChoiceOperatorCases.RunAsync(Cases.Value.Single(c => c.Id == id));
        Assert.True(difference is null, difference);
    }
}
