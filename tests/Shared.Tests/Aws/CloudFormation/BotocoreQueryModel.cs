using System.Text;
using System.Text.Json;

namespace Sluice.Shared.Tests.Aws.CloudFormation;

/// <summary>
/// Answers and requests as botocore's model of a query-protocol service defines them: every member
/// of an operation's output shape gets a distinct sample value (strings carry XML's special
/// characters), moto's model-driven serializer writes the XML a service would send, and botocore's
/// own parser says what a client must read from it. Requests come from botocore's serializer.
/// </summary>
internal static class BotocoreQueryModel
{
    private const string Why = "to check query-protocol shapes against botocore's model (botocore and moto)";

    private const string Script = """
        import json, sys, datetime
        import botocore.session
        from botocore.parsers import QueryParser
        from botocore.serialize import create_serializer
        from moto.core.utils import get_service_model
        from moto.core.serialize import QuerySerializer

        spec = json.load(sys.stdin)
        service = spec["service"]
        boto = botocore.session.get_session().get_service_model(service)
        moto = get_service_model(service)
        T0 = datetime.datetime(2026, 11, 26, 12, 0, 0, 123000, tzinfo=datetime.timezone.utc)

        def weight(path):
            return sum(map(ord, path))

        def sample(shape, path, depth):
            t = shape.type_name
            if t == "structure":
                if depth > 8:
                    return None
                out = {}
                for name, member in shape.members.items():
                    value = sample(member, f"{path}.{name}", depth + 1)
                    if value is not None:
                        out[name] = value
                return out
            if t == "list":
                return [sample(shape.member, f"{path}[{i}]", depth + 1) for i in range(2)]
            if t == "map":
                return {f"k{i}": sample(shape.value, f"{path}{{{i}}}", depth + 1) for i in range(2)}
            if t == "string":
                if shape.enum:
                    return shape.enum[weight(path) % len(shape.enum)]
                return f"{path} <&'\">"
            if t in ("integer", "long"):
                return weight(path) % 1000 + 1
            if t == "boolean":
                return weight(path) % 2 == 0
            if t == "timestamp":
                return T0 + datetime.timedelta(seconds=weight(path) % 100000)
            if t in ("double", "float"):
                return 1.5
            return None

        def plain(value):
            if isinstance(value, datetime.datetime):
                return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            raise TypeError(type(value))

        out = {"responses": {}, "requests": []}
        for op in spec.get("responses", []):
            shape = boto.operation_model(op).output_shape
            result = sample(shape, op, 0) if shape is not None else {}
            body = QuerySerializer(moto.operation_model(op)).serialize(result)["body"]
            parsed = QueryParser().parse({"body": body.encode(), "headers": {}, "status_code": 200}, shape) if shape is not None else {}
            parsed.pop("ResponseMetadata", None)
            out["responses"][op] = {"xml": body, "parsed": parsed}
        serializer = create_serializer("query")
        for request in spec.get("requests", []):
            serialized = serializer.serialize_to_request(request["params"], boto.operation_model(request["operation"]))
            out["requests"].append(serialized["body"])
        print(json.dumps(out, default=plain))
        """;

    /// <summary>For each operation: the answer's XML and botocore's parse of it.</summary>
    public static async Task<Dictionary<string, (string Xml, JsonElement Parsed)>> ResponsesAsync(string service, IReadOnlyList<string> operations)
    {
        var input = Json(w =>
        {
            w.WriteString("service", service);
            w.WriteStartArray("responses");
            foreach (var operation in operations)
            {
                w.WriteStringValue(operation);
            }

            w.WriteEndArray();
        });
        using var document = JsonDocument.Parse(await Python.RunAsync(Script, input, Why));
        return document.RootElement.GetProperty("responses").EnumerateObject().ToDictionary(
            p => p.Name, p => (p.Value.GetProperty("xml").GetString()!, p.Value.GetProperty("parsed").Clone()), StringComparer.Ordinal);
    }

    /// <summary>The form fields botocore sends for the operation with these parameters (boto3's names and shapes).</summary>
    public static async Task<Dictionary<string, string>> RequestAsync(string service, string operation, string paramsJson)
    {
        var input = $$"""{"service":"{{service}}","requests":[{"operation":"{{operation}}","params":{{paramsJson}}}]}""";
        using var document = JsonDocument.Parse(await Python.RunAsync(Script, input, Why));
        return document.RootElement.GetProperty("requests")[0].EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(), StringComparer.Ordinal);
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
