using System.Text;
using Sluice.Shared.Envelope;

namespace Sluice.Shared.Tests.Envelope;

public sealed class CloudEventParserTests
{
    private const string Valid = """
        {"specversion":"1.0","id":"evt-1","source":"sluice/generator","type":"order.placed","subject":"ord-1",
         "time":"2026-11-26T12:00:00.123Z","datacontenttype":"application/json",
         "data":{"orderId":"ord-1","customerId":"c-1","currency":"EUR","paymentToken":"tok_ok","lines":[{"sku":"A","quantity":1,"unitPrice":2.5}]}}
        """;

    [Fact]
    public void Parse_ValidOrderPlaced_ReturnsEventWithAttributesAndOriginalJson()
    {
        var result = CloudEventParser.Parse(Encoding.UTF8.GetBytes(Valid));

        Assert.True(result.IsValid, result.Problem);
        Assert.Equal("evt-1", result.Event.Id);
        Assert.Equal("sluice/generator", result.Event.Source);
        Assert.Equal(EventTypes.OrderPlaced, result.Event.Type);
        Assert.Equal("ord-1", result.Event.Subject);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 12, 0, 0, 123, TimeSpan.Zero), result.Event.Time);
        Assert.Equal("c-1", result.Event.Data.GetProperty("customerId").GetString());
        Assert.Equal(Valid, result.Event.Json);
    }

    [Theory]
    [InlineData("", "record is empty")]
    [InlineData("not json", "record is not valid JSON")]
    [InlineData("[1,2]", "event must be a JSON object, found an array")]
    [InlineData("{}", "missing required attribute 'specversion'")]
    [InlineData("""{"specversion":1.0}""", "attribute 'specversion' must be a string, found a number")]
    [InlineData("""{"specversion":"0.3"}""", "unsupported specversion '0.3' (expected '1.0')")]
    [InlineData("""{"specversion":"1.0","source":"s","type":"order.placed"}""", "missing required attribute 'id'")]
    [InlineData("""{"specversion":"1.0","id":"","source":"s","type":"order.placed"}""", "attribute 'id' must not be empty")]
    [InlineData("""{"specversion":"1.0","id":"1","type":"order.placed"}""", "missing required attribute 'source'")]
    [InlineData("""{"specversion":"1.0","id":"1","source":"s"}""", "missing required attribute 'type'")]
    [InlineData("""{"specversion":"1.0","id":"1","source":"s","type":"order.shipped","data":{}}""", "unknown event type 'order.shipped'")]
    [InlineData("""{"specversion":"1.0","id":"1","source":"s","type":"order.placed","data":{}}""", "missing required attribute 'subject'")]
    [InlineData("""{"specversion":"1.0","id":"1","source":"s","type":"order.placed","subject":7}""", "attribute 'subject' must be a string, found a number")]
    [InlineData("""{"specversion":"1.0","id":"1","source":"s","type":"order.placed","subject":"o","time":"yesterday","data":{}}""", "attribute 'time' is not an RFC 3339 timestamp: 'yesterday'")]
    [InlineData("""{"specversion":"1.0","id":"1","source":"s","type":"order.placed","subject":"o","datacontenttype":"text/xml","data":{}}""", "unsupported datacontenttype 'text/xml' (expected 'application/json')")]
    [InlineData("""{"specversion":"1.0","id":"1","source":"s","type":"order.placed","subject":"o"}""", "missing required attribute 'data'")]
    [InlineData("""{"specversion":"1.0","id":"1","source":"s","type":"order.placed","subject":"o","data":"x"}""", "attribute 'data' must be an object, found a string")]
    [InlineData("""{"specversion":"1.0","id":"1","source":"s","type":"order.placed","subject":"o","data":{}}""", "data.orderId must be a string")]
    [InlineData("""{"specversion":"1.0","id":"1","source":"s","type":"order.placed","subject":"o","data":{"orderId":"p"}}""", "data.orderId 'p' does not match subject 'o'")]
    public void Parse_InvalidEnvelope_NamesTheFirstProblem(string json, string expected)
    {
        var result = CloudEventParser.Parse(Encoding.UTF8.GetBytes(json));

        Assert.False(result.IsValid);
        Assert.StartsWith(expected, result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OverSizeLimit_RejectsBeforeParsing()
    {
        var big = new byte[CloudEvent.MaxBytes + 1];

        var result = CloudEventParser.Parse(big);

        Assert.Equal($"event is {CloudEvent.MaxBytes + 1} bytes, over the {CloudEvent.MaxBytes}-byte limit", result.Problem);
    }

    [Fact]
    public void Parse_InvalidUtf8_SaysSo()
    {
        var result = CloudEventParser.Parse([0x7b, 0xff, 0xfe, 0x7d]);

        Assert.Equal("record is not UTF-8 text", result.Problem);
    }

    [Fact]
    public void Parse_RejectedEventWithoutSubject_IsValid()
    {
        var json = """{"specversion":"1.0","id":"shardId-0:1","source":"sluice/ingest","type":"sluice.ingest.rejected","data":{"reason":"x"}}""";

        var result = CloudEventParser.Parse(Encoding.UTF8.GetBytes(json));

        Assert.True(result.IsValid, result.Problem);
        Assert.Null(result.Event.Subject);
    }

    [Fact]
    public void Write_ThenParse_RoundTrips()
    {
        var bytes = CloudEventWriter.Write("e-9", "sluice/test", EventTypes.OrderConfirmed, "ord-9", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), "ord-9", static (w, id) =>
        {
            w.WriteString("orderId", id);
            w.WriteNumber("total", 12.5m);
        });

        var result = CloudEventParser.Parse(bytes);

        Assert.True(result.IsValid, result.Problem);
        Assert.Equal("e-9", result.Event.Id);
        Assert.Equal("application/json", result.Event.DataContentType);
        Assert.Equal(12.5m, result.Event.Data.GetProperty("total").GetDecimal());
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), result.Event.Time);
    }
}
