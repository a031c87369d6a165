using Sluice.Shared.Executions;

namespace Sluice.Cli.Tests.Watch;

public sealed class ErrorTextTests
{
    [Fact]
    public void Readable_LambdaErrorJson_TheMessageWithoutTheStackTrace() =>
        Assert.Equal("SKU OOS-1 is out of stock (order ord-1 wanted 2)", ErrorText.Readable(
            """{"errorType":"OutOfStock","errorMessage":"SKU OOS-1 is out of stock (order ord-1 wanted 2)","stackTrace":["at Sluice.Orchestrator.OrchestratorHandler.ReserveStock(JsonElement request) in /src/OrchestratorHandler.cs:line 85","at Sluice.Shared.Runtime.RuntimeLoop.RunAsync()"]}"""));

    [Fact]
    public void Readable_DotNetStackTraceText_TheFirstLineOnly() =>
        Assert.Equal("System.InvalidOperationException: the queue is gone", ErrorText.Readable(
            "System.InvalidOperationException: the queue is gone\n   at Sluice.Processor.ProcessorHandler.HandleAsync(Invocation invocation)\n   at Sluice.Shared.Runtime.RuntimeLoop.RunAsync()\n--- End of stack trace from previous location ---"));

    [Theory]
    [InlineData(null, null)]
    [InlineData("   ", null)]
    [InlineData("OOS-1 is out of stock", "OOS-1 is out of stock")]
    [InlineData("{not json", "{not json")]
    [InlineData("""{"Cause":"from a Fail state"}""", "from a Fail state")]
    public void Readable_OtherCauses_AsTheyRead(string? cause, string? expected) => Assert.Equal(expected, ErrorText.Readable(cause));
}
