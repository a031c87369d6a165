namespace Sluice.Shared.Aws.CloudFormation;

/// <summary>
/// AWS CloudFormation over the query protocol (API version 2010-05-15): stacks, their resources
/// and events, change sets, drift and templates. Service errors are <see cref="AwsServiceException"/>s
/// with the codes in <see cref="CloudFormationErrors"/>. Paged operations come in two forms: one
/// page (<c>nextToken</c> in, <see cref="Page{T}.NextToken"/> out) and every page (<c>...PagesAsync</c>).
/// </summary>
public sealed partial class CloudFormationClient
{
    internal const string ApiVersion = "2010-05-15";

    private readonly AwsHttpClient _transport;
    private readonly AwsClientOptions _options;

    public CloudFormationClient(AwsClientOptions options, HttpClient http)
    {
        _transport = new AwsHttpClient(options, AwsService.CloudFormation, http);
        _options = options;
    }

    public Uri Endpoint => _transport.Endpoint;

    private static QueryForm Form(string action) => new(action, ApiVersion);

    /// <summary>Sends the form; returns the <c>&lt;ActionResult&gt;</c> element (empty for actions that answer nothing).</summary>
    private async Task<XmlNode> SendAsync(QueryForm form, CancellationToken cancellationToken)
    {
        var action = form[0].Value;
        var root = await _transport.SendQueryAsync(form, cancellationToken).ConfigureAwait(false);
        return root.Child(action + "Result") ?? new XmlNode(action + "Result");
    }

    private static async IAsyncEnumerable<Page<T>> PagesAsync<T>(
        Func<string?, CancellationToken, Task<Page<T>>> page,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var next = await page(token, cancellationToken).ConfigureAwait(false);
            yield return next;
            token = string.IsNullOrEmpty(next.NextToken) ? null : next.NextToken;
        }
        while (token is not null);
    }
}
