using System.Net;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Sluice.Shared.Aws;

namespace Sluice.Cli.Connection;

/// <summary>
/// A stack's outputs from CloudFormation DescribeStacks (awsQuery protocol, SigV4 with the
/// shared signer). Null when the endpoint does not serve CloudFormation (e.g. the local cloud),
/// so the caller falls back to the names the template gives the stack.
/// </summary>
internal static class StackOutputs
{
    private static readonly AwsService CloudFormation = new("CLOUDFORMATION", "cloudformation", "cloudformation");

    public static async Task<IReadOnlyDictionary<string, string>?> ReadAsync(AwsClientOptions options, HttpClient http, string stack, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes($"Action=DescribeStacks&Version=2010-05-15&StackName={Uri.EscapeDataString(stack)}");
        using var request = new HttpRequestMessage(HttpMethod.Post, options.ResolveEndpoint(CloudFormation)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        new SigV4Signer(options.Credentials, options.Region, CloudFormation.SigningName).Sign(request, body, options.Clock.GetUtcNow());
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        XDocument document;
        try
        {
            document = XDocument.Parse(text);
        }
        catch (XmlException)
        {
            // Not a CloudFormation answer at all: an endpoint that does not serve it.
            return null;
        }

        var root = document.Root!;
        if (!response.IsSuccessStatusCode)
        {
            var code = root.Descendants().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;
            var message = root.Descendants().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value;
            if (code == "ValidationError")
            {
                throw new CliException($"stack '{stack}' not found ({message})", CliException.Failure);
            }

            if (response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized || code is "AccessDenied" or "ExpiredToken" or "InvalidClientTokenId" or "SignatureDoesNotMatch")
            {
                throw new CliException($"DescribeStacks for '{stack}' was refused: {code}: {message}", CliException.Failure);
            }

            return null;
        }

        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var output in root.Descendants().Where(e => e.Name.LocalName == "Outputs").Elements())
        {
            var key = output.Elements().FirstOrDefault(e => e.Name.LocalName == "OutputKey")?.Value;
            var value = output.Elements().FirstOrDefault(e => e.Name.LocalName == "OutputValue")?.Value;
            if (key is not null && value is not null)
            {
                outputs[key] = value;
            }
        }

        return outputs;
    }
}
