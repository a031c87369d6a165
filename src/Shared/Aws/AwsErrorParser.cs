using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Sluice.Shared.Aws;

/// <summary>Turns a non-success AWS response into an <see cref="AwsServiceException"/>.</summary>
internal static class AwsErrorParser
{
    /// <summary>awsJson1_0 / awsJson1_1: <c>{"__type": "ns#Code", "message": "..."}</c> or the <c>x-amzn-ErrorType</c> header.</summary>
    public static AwsServiceException FromJson(HttpStatusCode status, HttpResponseHeaders headers, byte[] body)
    {
        string? code = null;
        string? message = null;
        if (body.Length > 0)
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in document.RootElement.EnumerateObject())
                    {
                        if (property.Value.ValueKind != JsonValueKind.String)
                        {
                            continue;
                        }

                        switch (property.Name)
                        {
                            case "__type":
                            case "code" or "Code" when code is null:
                                code = property.Value.GetString();
                                break;
                            case "message" or "Message" or "errorMessage":
                                message ??= property.Value.GetString();
                                break;
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON (e.g. a proxy's HTML page): fall back to the header and the status.
                message = Snippet(body);
            }
        }

        code = SanitizeCode(code) ?? SanitizeCode(Header(headers, "x-amzn-ErrorType"));
        return new AwsServiceException(code ?? StatusCode(status), message, status, RequestId(headers));
    }

    /// <summary>awsQuery: <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type/&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;&lt;/ErrorResponse&gt;</c>.</summary>
    public static AwsServiceException FromXml(HttpStatusCode status, HttpResponseHeaders headers, byte[] body)
    {
        string? code = null;
        string? message = null;
        string? requestId = null;
        if (body.Length > 0)
        {
            try
            {
                var root = XmlReaderLite.Parse(Encoding.UTF8.GetString(body));
                // Some query services wrap it as <Response><Errors><Error>; S3's root is <Error> itself.
                var error = root.Name == "Error" ? root : root.Child("Error") ?? root.Descend("Errors", "Error");
                code = error?.ChildText("Code");
                message = error?.ChildText("Message");
                requestId = root.ChildText("RequestId") ?? root.ChildText("RequestID");
            }
            catch (FormatException)
            {
                message = Snippet(body);
            }
        }

        return new AwsServiceException(
            SanitizeCode(code) ?? StatusCode(status),
            message,
            status,
            string.IsNullOrWhiteSpace(requestId) ? RequestId(headers) : requestId.Trim());
    }

    /// <summary>Drops a namespace before '#' and anything after ':' ("aws.protocoltests#FooError:http://...").</summary>
    internal static string? SanitizeCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var colon = code.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            code = code[..colon];
        }

        var hash = code.LastIndexOf('#');
        if (hash >= 0)
        {
            code = code[(hash + 1)..];
        }

        code = code.Trim();
        return code.Length == 0 ? null : code;
    }

    private static string StatusCode(HttpStatusCode status) => ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string? RequestId(HttpResponseHeaders headers) =>
        Header(headers, "x-amzn-RequestId") ?? Header(headers, "x-amz-request-id");

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string Snippet(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 200)).Trim();
        return $"unparseable error body: {text}";
    }
}
