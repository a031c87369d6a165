namespace Sluice.Asl.Tests.Conformance;

public sealed class ChoiceOperatorConformanceTests
{
    private static readonly Lazy<IReadOnlyList<ChoiceOperatorCases.Case>> s_cases = new(ChoiceOperatorCases.LoadAll);

    public static TheoryData<string> AllCases() => [.. s_cases.Value.Where(c => ChoiceOperatorCases.Unreplayable(c) is null).Select(c => c.Id)];

    [Theory]
    [MemberData(nameof(AllCases))]
    public async Task Choice_RecordedOperatorCase_TakesTheBranchAwsTook(string id)
    {
        var difference = await ChoiceOperatorCases.RunAsync(s_cases.Value.Single(c => c.Id == id));
        Assert.True(difference is null, difference);
    }
}
