namespace Sluice.LocalCloud.Persistence;

/// <summary>When the store's write-ahead log reaches the disk.</summary>
public enum DurableSync
{
    /// <summary>At each checkpoint: a killed host loses nothing; a power loss may lose the last commits.</summary>
    Normal,

    /// <summary>At each commit: a power loss loses nothing acknowledged either, at the cost of an fsync per write.</summary>
    Full,
}
