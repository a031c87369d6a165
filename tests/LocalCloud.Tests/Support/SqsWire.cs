using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace Sluice.LocalCloud.Tests.Support;

/// <summary>
/// Sends one SQS call in either wire protocol from the same description, so a test can hold both to
/// the same recorded answer. Parameters: strings and numbers, <c>Attributes</c> (map),
/// <c>MessageAttributes</c> (name → (type, value)) and <c>Entries</c> (list of flat maps).
/// </summary>
internal sealed class SqsWire(HttpClient http, bool query)
{
    public sealed record Answer(int Status, string? JsonType, string Code, string Message, JsonElement? Json, XElement? Xml);

    public async Task<Answer> CallAsync(string action, Dictionary<string, object> parameters)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=00");
        if (query)
        {
            request.Content = new StringContent(Form(action, parameters), Encoding.UTF8, "application/x-www-form-urlencoded");
        }
        else
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonSQS." + action);
            request.Content = new StringContent(Json(parameters), Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.0");
        }
        var response = await http.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(60));
        var body = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        if (query)
        {
            var root = XDocument.Parse(body).Root!;
            var ns = root.Name.Namespace;
            var error = root.Element(ns + "Error");
            return new Answer(status, null, error?.Element(ns + "Code")?.Value ?? "", error?.Element(ns + "Message")?.Value ?? "", null, root);
        }
        var json = body.Length == 0 ? JsonDocument.Parse("{}").RootElement : JsonDocument.Parse(body).RootElement;
        if (status == 200)
        {
            return new Answer(status, null, "", "", json, null);
        }
        var legacy = response.Headers.TryGetValues("x-amzn-query-error", out var values) ? values.Single().Split(';')[0] : "";
        var type = json.GetProperty("__type").GetString()!;
        return new Answer(status, type[(type.IndexOf('#') + 1)..], legacy, json.GetProperty("message").GetString()!, json, null);
    }

    /// <summary>The value of one result member (e.g. QueueUrl, or a receipt handle of the first message).</summary>
    public static string Value(Answer answer, string name)
    {
        if (answer.Json is { } json)
        {
            return json.GetProperty(name).GetString()!;
        }
        return answer.Xml!.Descendants().First(e => e.Name.LocalName == name).Value;
    }

    public static string FirstReceiptHandle(Answer answer) =>
        answer.Json is { } json
            ? json.GetProperty("Messages")[0].GetProperty("ReceiptHandle").GetString()!
            : answer.Xml!.Descendants().First(e => e.Name.LocalName == "ReceiptHandle").Value;

    private static string Json(Dictionary<string, object> parameters)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            WriteObject(w, parameters);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteObject(Utf8JsonWriter w, Dictionary<string, object> parameters)
    {
        w.WriteStartObject();
        foreach (var (name, value) in parameters)
        {
            switch (value)
            {
                case string s:
                    w.WriteString(name, s);
                    break;
                case int i:
                    w.WriteNumber(name, i);
                    break;
                case Dictionary<string, string> map:
                    w.WriteStartObject(name);
                    foreach (var (k, v) in map)
                    {
                        w.WriteString(k, v);
                    }
                    w.WriteEndObject();
                    break;
                case Dictionary<string, (string Type, string Value)> attributes:
                    w.WriteStartObject(name);
                    foreach (var (k, (type, v)) in attributes)
                    {
                        w.WriteStartObject(k);
                        w.WriteString("DataType", type);
                        w.WriteString("StringValue", v);
                        w.WriteEndObject();
                    }
                    w.WriteEndObject();
                    break;
                case List<Dictionary<string, object>> entries:
                    w.WriteStartArray(name);
                    foreach (var e in entries)
                    {
                        WriteObject(w, e);
                    }
                    w.WriteEndArray();
                    break;
                case string[] list:
                    w.WriteStartArray(name);
                    foreach (var item in list)
                    {
                        w.WriteStringValue(item);
                    }
                    w.WriteEndArray();
                    break;
            }
        }
        w.WriteEndObject();
    }

    private static string Form(string action, Dictionary<string, object> parameters)
    {
        var pairs = new List<(string, string)> { ("Action", action), ("Version", "2012-11-05") };
        Flatten(action, "", parameters, pairs);
        return string.Join('&', pairs.Select(p => Uri.EscapeDataString(p.Item1) + "=" + Uri.EscapeDataString(p.Item2)));
    }

    private static void Flatten(string action, string prefix, Dictionary<string, object> parameters, List<(string, string)> pairs)
    {
        foreach (var (name, value) in parameters)
        {
            switch (value)
            {
                case string s:
                    pairs.Add((prefix + name, s));
                    break;
                case int i:
                    pairs.Add((prefix + name, i.ToString(CultureInfo.InvariantCulture)));
                    break;
                case Dictionary<string, string> map:
                    var n = 1;
                    foreach (var (k, v) in map)
                    {
                        pairs.Add(($"{prefix}Attribute.{n}.Name", k));
                        pairs.Add(($"{prefix}Attribute.{n++}.Value", v));
                    }
                    break;
                case Dictionary<string, (string Type, string Value)> attributes:
                    var m = 1;
                    foreach (var (k, (type, v)) in attributes)
                    {
                        pairs.Add(($"{prefix}MessageAttribute.{m}.Name", k));
                        pairs.Add(($"{prefix}MessageAttribute.{m}.Value.DataType", type));
                        pairs.Add(($"{prefix}MessageAttribute.{m++}.Value.StringValue", v));
                    }
                    break;
                case List<Dictionary<string, object>> entries:
                    for (var e = 0; e < entries.Count; e++)
                    {
                        Flatten(action, $"{prefix}{action}RequestEntry.{e + 1}.", entries[e], pairs);
                    }
                    break;
                case string[] list:
                    var itemName = name.EndsWith('s') ? name[..^1] : name;
                    for (var i = 0; i < list.Length; i++)
                    {
                        pairs.Add(($"{prefix}{itemName}.{i + 1}", list[i]));
                    }
                    break;
            }
        }
    }
}
