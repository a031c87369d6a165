namespace Sluice.Asl.Tests.Conformance;

/// <summary>Paths into the copied conformance data (tests/Asl.Tests/TestData, copied to the output folder).</summary>
internal static class TestData
{
    public static string Root { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "TestData");

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);
}
