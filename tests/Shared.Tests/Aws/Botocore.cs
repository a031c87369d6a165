using System.Text;
using System.Text.Json;
using Sluice.Shared.Aws;

namespace Sluice.Shared.Tests.Aws;

/// <summary>Signs a recorded request with botocore's SigV4Auth through python3, for cross-checks.</summary>
internal static class Botocore
{
    // Signs at a fixed timestamp: the lower-level SigV4Auth steps take it from request.context.
    private const string Script = """
        import json, sys
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        spec = json.load(sys.stdin)
        request = AWSRequest(method=spec["method"], url=spec["url"], data=bytes.fromhex(spec["body"]), headers=spec["headers"])
        request.context["timestamp"] = spec["timestamp"]
        auth = SigV4Auth(Credentials(spec["accessKey"], spec["secretKey"], spec["sessionToken"]), spec["service"], spec["region"])
        auth._modify_request_before_signing(request)
        canonical = auth.canonical_request(request)
        signature = auth.signature(auth.string_to_sign(request, canonical), request)
        auth._inject_signature_to_request(request, signature)
        print(request.headers["Authorization"])
        """;

    // Headers botocore sets itself; everything else the request carried is handed over.
    private static readonly HashSet<string> s_setByBotocore = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Host", "X-Amz-Date", "X-Amz-Security-Token", "Content-Length",
    };

    public static Task<string> SignAsync(RecordedRequest request, AwsCredentials credentials, string region, string service, string timestamp) =>
        Python.RunAsync(Script, Spec(request, credentials, region, service, timestamp), "to cross-check SigV4 against botocore");

    private static string Spec(RecordedRequest request, AwsCredentials credentials, string region, string service, string timestamp)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("method", request.Method);
            json.WriteString("url", request.Uri.AbsoluteUri);
            json.WriteString("body", Convert.ToHexString(request.Body));
            json.WriteStartObject("headers");
            foreach (var (name, value) in request.Headers.Where(h => !s_setByBotocore.Contains(h.Key)))
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
            json.WriteString("timestamp", timestamp);
            json.WriteString("accessKey", credentials.AccessKeyId);
            json.WriteString("secretKey", credentials.SecretAccessKey);
            json.WriteString("sessionToken", credentials.SessionToken);
            json.WriteString("region", region);
            json.WriteString("service", service);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
