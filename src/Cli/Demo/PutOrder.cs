namespace Sluice.Cli.Demo;

/// <summary>One record the demo put: its event id, order id, kind, and the event's time when it parsed.</summary>
internal sealed record PutOrder(string EventId, string OrderId, string Kind, DateTimeOffset? Time)
{
    public string ExecutionName { get; } = Demo.ExecutionName.For(EventId);
}
