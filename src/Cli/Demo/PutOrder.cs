namespace Sluice.Cli.Demo;

/// <summary>One record the demo put: its event id, order id, kind, and the event's time when it parsed.</summary>
internal sealed record PutOrder(string EventId, string OrderId, string Kind, DateTimeOffset? Time)
{
    /// <summary>The execution the Processor starts for it (the demo's records all come from the generator).</summary>
    public string ExecutionName { get; } = Shared.Domain.ExecutionName.For(Put.OrderGenerator.Source, EventId);
}
