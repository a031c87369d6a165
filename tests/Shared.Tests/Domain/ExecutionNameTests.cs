using System.Security.Cryptography;
using System.Text;
using Sluice.Shared.Domain;

namespace Sluice.Shared.Tests.Domain;

public sealed class ExecutionNameTests
{
    [Theory]
    [InlineData("sluice/generator", "evt-1")]
    [InlineData("sluice/generator", "0f8fad5b-d9cb-469f-a165-70867728950e")]
    [InlineData("https://shop.example/orders", "ord-1/placed: with spaces and ünïcode")]
    [InlineData("s", "")]
    public void For_AnyEvent_IsAValidAwsExecutionName(string source, string id)
    {
        if (id.Length == 0)
        {
            Assert.Throws<ArgumentException>(() => ExecutionName.For(source, id));
            return;
        }

        var name = ExecutionName.For(source, id);

        Assert.InRange(name.Length, 1, ExecutionName.MaxLength);
        Assert.All(name, c => Assert.True(ExecutionName.IsAllowed(c), $"'{c}' is not allowed in {name}"));
    }

    [Fact]
    public void For_ReadablePrefixOfTheIdThenTheFullHash()
    {
        var name = ExecutionName.For("sluice/generator", "ord-1/placed");

        Assert.Matches("^ord-1_placed-[a-z2-7]{52}$", name);
    }

    [Fact]
    public void For_LongId_PrefixCutSoTheNameIs80()
    {
        var name = ExecutionName.For("sluice/generator", new string('a', 200));

        Assert.Equal(80, name.Length);
        Assert.StartsWith(new string('a', ExecutionName.PrefixLength) + "-", name, StringComparison.Ordinal);
    }

    [Fact]
    public void For_SameEvent_SameName() =>
        Assert.Equal(ExecutionName.For("sluice/generator", "evt-1"), ExecutionName.For("sluice/generator", "evt-1"));

    [Theory]
    // The same id from another source is another event.
    [InlineData("sluice/generator", "evt-1", "partner/a", "evt-1")]
    // Ids that sanitise alike.
    [InlineData("s", "a/b", "s", "a:b")]
    // The boundary between source and id cannot move.
    [InlineData("ab", "c", "a", "bc")]
    // Ids that share the 27 characters the prefix keeps.
    [InlineData("s", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-1", "s", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-2")]
    public void For_DifferentEvents_DifferentNames(string source1, string id1, string source2, string id2) =>
        Assert.NotEqual(ExecutionName.For(source1, id1), ExecutionName.For(source2, id2));

    [Fact]
    public void For_HashIsSha256OfTheLengthPrefixedPairInRfc4648Base32()
    {
        // Base32 computed independently of the production encoder: bit by bit from the digest.
        var source = Encoding.UTF8.GetBytes("sluice/generator");
        var id = Encoding.UTF8.GetBytes("evt-1");
        var digest = SHA256.HashData([0, 0, 0, (byte)source.Length, .. source, .. id]);
        var bits = string.Concat(digest.Select(b => Convert.ToString(b, 2).PadLeft(8, '0'))).PadRight(52 * 5, '0');
        var expected = string.Concat(Enumerable.Range(0, 52).Select(i => "abcdefghijklmnopqrstuvwxyz234567"[Convert.ToInt32(bits.Substring(i * 5, 5), 2)]));

        Assert.Equal("evt-1-" + expected, ExecutionName.For("sluice/generator", "evt-1"));
    }
}
