namespace Sluice.Shared.Aws;

/// <summary>Shards is optional in the API (the other list outputs are required), so an absent list reads as empty.</summary>
public sealed class ListShardsResult
{
    // The source generator passes null for an absent init-only member, so default in the getter.
    public IReadOnlyList<Shard> Shards { get => field ?? []; init; }

    public string? NextToken { get; init; }
}
