using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Sluice.Cli.Put;
using Sluice.Shared.Domain;
using Sluice.Shared.Envelope;

namespace Sluice.Cli.Tests.Put;

public sealed class OrderGeneratorTests
{
    private static readonly TimeProvider s_clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.Zero));

    [Fact]
    public void Generate_SameSeed_SameRecords()
    {
        var first = new OrderGenerator(42, OrderMix.Default, s_clock).Generate(200).ToList();
        var second = new OrderGenerator(42, OrderMix.Default, s_clock).Generate(200).ToList();

        Assert.Equal(first.Select(r => (r.EventId, r.PartitionKey, r.Kind, Encoding.UTF8.GetString(r.Data))),
            second.Select(r => (r.EventId, r.PartitionKey, r.Kind, Encoding.UTF8.GetString(r.Data))));
    }

    [Fact]
    public void Generate_OtherSeed_OtherIds()
    {
        var first = new OrderGenerator(1, OrderMix.Default, s_clock).Generate(50).Select(r => r.EventId);
        var second = new OrderGenerator(2, OrderMix.Default, s_clock).Generate(50).Select(r => r.EventId);

        Assert.Empty(first.Intersect(second));
    }

    [Fact]
    public void Generate_ManyRecords_UniqueEventAndOrderIds()
    {
        var records = new OrderGenerator(5, OrderMix.Default, s_clock).Generate(5000).ToList();

        Assert.Equal(5000, records.Select(r => r.EventId).Distinct().Count());
        Assert.Equal(5000, records.Select(r => r.PartitionKey).Distinct().Count());
    }

    [Fact]
    public void Generate_Mix_KindsInProportionToTheWeights()
    {
        var records = new OrderGenerator(9, OrderMix.Parse("valid=50,out-of-stock=30,declined=20"), s_clock).Generate(10_000).ToList();

        Assert.InRange(records.Count(r => r.Kind == OrderKind.Valid), 4800, 5200);
        Assert.InRange(records.Count(r => r.Kind == OrderKind.OutOfStock), 2800, 3200);
        Assert.InRange(records.Count(r => r.Kind == OrderKind.Declined), 1800, 2200);
        Assert.DoesNotContain(records, r => r.Kind == OrderKind.Malformed);
    }

    [Fact]
    public void Generate_EachKind_IsWhatItClaims()
    {
        var records = new OrderGenerator(13, OrderMix.Default, s_clock).Generate(2000).ToList();

        foreach (var record in records)
        {
            var parsed = CloudEventParser.Parse(record.Data);
            OrderPlaced? order = null;
            if (parsed.IsValid)
            {
                try
                {
                    order = parsed.Event.Data.Deserialize(DomainJsonContext.Default.OrderPlaced);
                }
                catch (JsonException)
                {
                }
            }

            switch (record.Kind)
            {
                case OrderKind.Malformed:
                    Assert.True(order is null, Encoding.UTF8.GetString(record.Data));
                    break;
                default:
                    Assert.NotNull(order);
                    Assert.Null(OrderRules.FindProblem(order));
                    Assert.Equal(record.Kind == OrderKind.OutOfStock, order.Lines.Any(l => !OrderRules.IsInStock(l.Sku)));
                    Assert.Equal(record.Kind == OrderKind.Declined, OrderRules.IsDeclined(order.PaymentToken));
                    Assert.Equal(record.PartitionKey, order.OrderId);
                    Assert.Equal(record.PartitionKey, parsed.Event!.Subject);
                    Assert.Equal(record.EventId, parsed.Event.Id);
                    Assert.Equal(s_clock.GetUtcNow(), parsed.Event.Time);
                    Assert.Equal("sluice/generator", parsed.Event.Source);
                    break;
            }
        }

        Assert.Contains(records, r => r.Kind == OrderKind.Malformed && !CloudEventParser.Parse(r.Data).IsValid);
        Assert.Contains(records, r => r.Kind == OrderKind.Malformed && CloudEventParser.Parse(r.Data).IsValid);
    }

    [Theory]
    [InlineData("valid=0")]
    [InlineData("valid")]
    [InlineData("valid=x")]
    [InlineData("refunded=3")]
    public void Parse_BadMix_UsageError(string text)
    {
        var error = Assert.Throws<CliException>(() => OrderMix.Parse(text));

        Assert.Equal(CliException.Usage, error.ExitCode);
        Assert.StartsWith($"--mix '{text}':", error.Message, StringComparison.Ordinal);
    }
}
