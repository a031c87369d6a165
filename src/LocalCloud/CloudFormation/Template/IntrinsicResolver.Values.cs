using System.Globalization;
using System.Numerics;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.LocalCloud.CloudFormation.Template;

internal sealed partial class IntrinsicResolver
{
    // CloudFormation writes Fn::ToJsonString's result without whitespace and without escaping HTML characters.
    private static readonly JsonSerializerOptions s_compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private JsonArray GetAzs(JsonNode? argument, string where)
    {
        var region = TemplateValues.Text(Resolve(argument, where), where);
        if (region.Length == 0)
        {
            region = TemplateValues.Text(_parameters["AWS::Region"], where);
        }
        var zones = AvailabilityZones.Of(region)
            ?? throw new TemplateException($"Template error: {where}: Fn::GetAZs: {region} is not a region");
        return new JsonArray([.. zones.Select(z => (JsonNode?)JsonValue.Create(z))]);
    }

    /// <summary>
    /// Fn::Cidr [ipBlock, count, cidrBits]: the first <c>count</c> consecutive blocks of
    /// 2^cidrBits addresses each (mask 32 - cidrBits, or 128 - cidrBits for IPv6), from the block's start.
    /// </summary>
    private JsonArray Cidr(JsonNode? argument, string where)
    {
        if (argument is not JsonArray { Count: 3 } args)
        {
            throw new TemplateException($"Template error: {where}: Fn::Cidr takes [ipBlock, count, cidrBits]");
        }
        var block = TemplateValues.Text(Resolve(args[0], where), where);
        var count = Integer(Resolve(args[1], where), "count", where);
        var bits = Integer(Resolve(args[2], where), "cidrBits", where);
        var slash = block.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !System.Net.IPAddress.TryParse(block[..slash], out var address)
            || !int.TryParse(block[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix))
        {
            throw new TemplateException($"Template error: {where}: Fn::Cidr: '{block}' is not an IP address block in CIDR notation");
        }
        var bytes = address.GetAddressBytes();
        var width = bytes.Length * 8;
        if (prefix > width)
        {
            throw new TemplateException($"Template error: {where}: Fn::Cidr: '{block}' has a prefix longer than {width} bits");
        }
        if (count is < 1 or > 256)
        {
            throw new TemplateException($"Template error: {where}: Fn::Cidr: count must be between 1 and 256, found {count}");
        }
        if (bits < 0 || bits > width - prefix)
        {
            throw new TemplateException($"Template error: {where}: Fn::Cidr: cidrBits must be between 0 and {width - prefix} for {block}, found {bits}");
        }
        if (BigInteger.One << (width - prefix) < count * (BigInteger.One << bits))
        {
            throw new TemplateException($"Template error: {where}: Fn::Cidr: {block} holds fewer than {count} blocks of /{width - bits}");
        }
        var start = new BigInteger(bytes, isUnsigned: true, isBigEndian: true) >> (width - prefix) << (width - prefix);
        var blocks = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var value = start + (i * (BigInteger.One << bits));
            var raw = value.ToByteArray(isUnsigned: true, isBigEndian: true);
            var padded = new byte[bytes.Length];
            raw.CopyTo(padded, padded.Length - raw.Length);
            blocks.Add((JsonNode?)JsonValue.Create($"{new System.Net.IPAddress(padded)}/{width - bits}"));
        }
        return blocks;
    }

    private static int Integer(JsonNode? node, string name, string where)
    {
        var text = TemplateValues.Text(node, where);
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new TemplateException($"Template error: {where}: Fn::Cidr: {name} '{text}' is not an integer");
    }

    private JsonNode Length(JsonNode? argument, string where) => Resolve(argument, where) is JsonArray list
        ? JsonValue.Create(list.Count)
        : throw new TemplateException($"Template error: {where}: Fn::Length takes a list or a function that returns one");

    private JsonNode ToJsonString(JsonNode? argument, string where) => Resolve(argument, where) switch
    {
        JsonNode value when value is JsonObject or JsonArray => JsonValue.Create(value.ToJsonString(s_compact)),
        _ => throw new TemplateException($"Template error: {where}: Fn::ToJsonString takes an object or a list"),
    };
}
