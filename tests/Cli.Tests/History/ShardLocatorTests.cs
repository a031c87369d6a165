using Sluice.Cli.History;
using Sluice.Shared.Aws;

namespace Sluice.Cli.Tests.History;

public sealed class ShardLocatorTests
{
    private static Shard Shard(string id, string? parent = null, string? adjacent = null) => new()
    {
        ShardId = id,
        ParentShardId = parent,
        AdjacentParentShardId = adjacent,
        HashKeyRange = new HashKeyRange { StartingHashKey = "0", EndingHashKey = "1" },
        SequenceNumberRange = new SequenceNumberRange { StartingSequenceNumber = "1" },
    };

    [Fact]
    public void HashKey_KnownKey_IsItsMd5AsAnUnsignedBigEndianInteger()
    {
        // MD5("a") = 0cc175b9c0f1b6a831c399e269772661
        Assert.Equal(System.Numerics.BigInteger.Parse("16955237001963240173058271559858726497", System.Globalization.CultureInfo.InvariantCulture),
            ShardLocator.HashKey("a"));
    }

    [Fact]
    public void Ordered_ChildrenListedFirst_ParentsComeFirst()
    {
        var ordered = ShardLocator.Ordered([Shard("merged", "p1", "p2"), Shard("p2", "root"), Shard("p1"), Shard("root")]);

        Assert.Equal(["p1", "root", "p2", "merged"], ordered.Select(s => s.ShardId));
    }
}
