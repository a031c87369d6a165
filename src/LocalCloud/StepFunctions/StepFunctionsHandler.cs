using System.Text;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.StepFunctions;

/// <summary>The AWS JSON 1.0 face of Step Functions (<c>X-Amz-Target: AWSStepFunctions.*</c>, signing name <c>states</c>).</summary>
internal sealed class StepFunctionsHandler(StepFunctionsRegions regions) : IAwsServiceHandler
{
    public string SigningName => "states";

    public IReadOnlyList<string> TargetPrefixes { get; } = ["AWSStepFunctions"];

    public string? QueryVersion => null;

    public string QueryNamespace => "http://states.amazonaws.com/doc/2016-11-23/";

    public string JsonContentType => "application/x-amz-json-1.0";

    public string JsonErrorPrefix => "";

    public bool KnowsQueryAction(string action) => false;

    public string? ModelName => "stepfunctions";

    public bool Serves(string action) => Sluice.Asl.Api.StepFunctionsService.Operations.Contains(action);

    public async ValueTask<AwsResponse> HandleAsync(AwsRequest request, CancellationToken cancellationToken)
    {
        var response = await regions.For(request.Region).HandleAsync(request.Action, request.Body, cancellationToken).ConfigureAwait(false);
        var headers = response.StatusCode == 200 ? [] : ErrorTypeHeader(response.Body);
        return new AwsResponse(response.StatusCode, JsonContentType, Encoding.UTF8.GetBytes(response.Body)) { Headers = headers };
    }

    /// <summary>SDKs read the error code from x-amzn-ErrorType as well as from __type; both carry the short name.</summary>
    private static List<KeyValuePair<string, string>> ErrorTypeHeader(string body)
    {
        using var document = System.Text.Json.JsonDocument.Parse(body);
        var type = document.RootElement.TryGetProperty("__type", out var t) ? t.GetString() ?? "" : "";
        return [new("x-amzn-ErrorType", type[(type.LastIndexOf('#') + 1)..])];
    }
}
