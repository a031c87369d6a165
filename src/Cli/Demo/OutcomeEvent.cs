namespace Sluice.Cli.Demo;

/// <summary>An order.confirmed or order.rejected event read back from the stream.</summary>
internal sealed record OutcomeEvent(string Id, string OrderId, string Outcome);
