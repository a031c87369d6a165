using Sluice.LocalCloud.Kinesis;
using Sluice.LocalCloud.Lambda.EventSources;

namespace Sluice.LocalCloud.Tests.Lambda;

/// <summary>A mapping's checkpoint in a shard moves only over records every one of which is finished.</summary>
public sealed class ShardCheckpointTests
{
    private static KinesisRecord Record(long counter) =>
        new(counter, "4960000000000000000000000000000000000000000000000000" + counter.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), TestClock.Start, [], "k" + counter);

    [Fact]
    public void NothingFinished_NoCheckpoint()
    {
        var checkpoint = new ShardCheckpoint();
        checkpoint.Handed([Record(0), Record(1)]);

        Assert.Null(checkpoint.SequenceNumber);
    }

    [Fact]
    public void LaterLaneFinishesFirst_CheckpointWaitsForTheEarlierOne_ThenJumpsOverBoth()
    {
        var checkpoint = new ShardCheckpoint();
        checkpoint.Handed([Record(0), Record(1), Record(2), Record(3), Record(4)]);

        // Lane B holds 1 and 3, lane A 0, 2 and 4; B finishes first.
        var movedByB = checkpoint.Finished([Record(1), Record(3)]);
        var afterB = checkpoint.SequenceNumber;
        var movedByA0 = checkpoint.Finished([Record(0)]);
        var afterA0 = checkpoint.SequenceNumber;
        checkpoint.Finished([Record(2), Record(4)]);

        Assert.False(movedByB);
        Assert.Null(afterB);
        Assert.True(movedByA0);
        Assert.Equal(Record(1).SequenceNumber, afterA0);
        Assert.Equal(Record(4).SequenceNumber, checkpoint.SequenceNumber);
    }

    [Fact]
    public void RecordsHandedAfterTheCheckpoint_KeepItWhereItIsUntilTheyFinish()
    {
        var checkpoint = new ShardCheckpoint();
        checkpoint.Handed([Record(0)]);
        checkpoint.Finished([Record(0)]);
        checkpoint.Handed([Record(5), Record(9)]);

        var moved = checkpoint.Finished([Record(9)]);

        Assert.False(moved);
        Assert.Equal(Record(0).SequenceNumber, checkpoint.SequenceNumber);
    }
}
