using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Asl.Definition;
using Sluice.Asl.Execution;

namespace Sluice.Asl.Api;

/// <summary>
/// The Step Functions API without HTTP: the host passes the X-Amz-Target action (after
/// "AWSStepFunctions.") and the JSON body, and sends back the status and body this returns.
/// </summary>
public sealed partial class StepFunctionsService
{
    private readonly AslEngineOptions _options;
    private readonly ExecutionEngine _engine;
    private readonly TaskTokens _tokens = new();
    private readonly MapRuns _mapRuns = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<string, StateMachineRecord> _machines = new(StringComparer.Ordinal);
    private readonly List<string> _machineOrder = [];
    private readonly Dictionary<string, ExecutionRecord> _executions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ExecutionRecord>> _executionsByMachine = new(StringComparer.Ordinal);

    /// <summary>Closed executions that still hold their history, oldest first.</summary>
    private readonly Queue<ExecutionRecord> _closedWithHistory = new();

    public StepFunctionsService(AslEngineOptions? options = null)
    {
        _options = options ?? new AslEngineOptions();
        _engine = new ExecutionEngine(_options, _tokens, _mapRuns);
        Load();
    }

    /// <summary>The operations <see cref="HandleAsync"/> serves; any other is an <c>UnknownOperationException</c>.</summary>
    public static IReadOnlySet<string> Operations { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "CreateStateMachine", "DescribeStateMachine", "ListStateMachines", "UpdateStateMachine", "DeleteStateMachine",
        "StartExecution", "StartSyncExecution", "StopExecution", "RedriveExecution", "DescribeExecution", "ListExecutions",
        "GetExecutionHistory", "DescribeStateMachineForExecution", "ValidateStateMachineDefinition", "TestState",
        "DescribeMapRun", "ListMapRuns", "UpdateMapRun", "SendTaskSuccess", "SendTaskFailure", "SendTaskHeartbeat",
        "TagResource", "UntagResource", "ListTagsForResource",
    };

    public async Task<StepFunctionsResponse> HandleAsync(string action, ReadOnlyMemory<byte> jsonBody, CancellationToken cancellationToken)
    {
        try
        {
            var request = ParseRequest(jsonBody.Span);

            var result = action switch
            {
                "CreateStateMachine" => CreateStateMachine(request),
                "DescribeStateMachine" => DescribeStateMachine(request),
                "ListStateMachines" => ListStateMachines(request),
                "UpdateStateMachine" => UpdateStateMachine(request),
                "DeleteStateMachine" => DeleteStateMachine(request),
                "StartExecution" => StartExecution(request),
                "StartSyncExecution" => await StartSyncExecutionAsync(request, cancellationToken).ConfigureAwait(false),
                "StopExecution" => await StopExecutionAsync(request, cancellationToken).ConfigureAwait(false),
                "RedriveExecution" => RedriveExecution(request),
                "DescribeExecution" => DescribeExecution(request),
                "ListExecutions" => ListExecutions(request),
                "GetExecutionHistory" => GetExecutionHistory(request),
                "DescribeStateMachineForExecution" => DescribeStateMachineForExecution(request),
                "ValidateStateMachineDefinition" => ValidateStateMachineDefinition(request),
                "TestState" => await TestStateAsync(request, cancellationToken).ConfigureAwait(false),
                "DescribeMapRun" => DescribeMapRun(request),
                "ListMapRuns" => ListMapRuns(request),
                "UpdateMapRun" => UpdateMapRun(request),
                "SendTaskSuccess" => SendTaskSuccess(request),
                "SendTaskFailure" => SendTaskFailure(request),
                "SendTaskHeartbeat" => SendTaskHeartbeat(request),
                "TagResource" => TagResource(request),
                "UntagResource" => UntagResource(request),
                "ListTagsForResource" => ListTagsForResource(request),
                _ => throw new ApiException("UnknownOperationException", $"The operation {action} is not supported by this local cloud."),
            };
            return new StepFunctionsResponse(200, result.ToJsonString(JsonValues.Relaxed));
        }
        catch (ApiException e)
        {
            return Error(e.StatusCode, e.Code, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A defect must reach the client as AWS's 500, not take the host down.
            return Error(500, "InternalFailure", e.Message);
        }
    }

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The request body as a JSON object. Bytes that are not UTF-8, strings no .NET string can hold (a
    /// lone surrogate escape) and nesting too deep are the client's SerializationException; a repeated
    /// member keeps its last value, as AWS's parser does.
    /// </summary>
    private static JsonObject ParseRequest(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return [];
        }

        string text;
        try
        {
            text = s_strictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            throw new ApiException("SerializationException", "The request body is not valid UTF-8.");
        }

        var parsed = JsonSyntax.Check(text) switch
        {
            null => JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = JsonSyntax.MaxDepth + 64 }),
            { Kind: JsonSyntax.ProblemKind.DuplicateKey } => JsonSyntax.ParseLastWins(text),
            var problem => throw new ApiException("SerializationException", $"The request body is not valid JSON: {problem.Reason}"),
        };
        return parsed as JsonObject ?? throw new ApiException("SerializationException", "The request body must be a JSON object.");
    }

    private static StepFunctionsResponse Error(int status, string code, string message)
    {
        var error = new JsonObject { ["__type"] = "com.amazonaws.swf.service.v2.model#" + code, ["message"] = message };
        return new StepFunctionsResponse(status, error.ToJsonString(JsonValues.Relaxed));
    }

    /// <summary>The action named by an X-Amz-Target header ("AWSStepFunctions.StartExecution" gives "StartExecution").</summary>
    public static bool TryGetAction(string? target, out string action)
    {
        const string Prefix = "AWSStepFunctions.";
        action = target is not null && target.StartsWith(Prefix, StringComparison.Ordinal) ? target[Prefix.Length..] : string.Empty;
        return action.Length > 0;
    }

    /// <summary>Completes when the execution has reached a terminal status.</summary>
    public Task WaitForExecutionAsync(string executionArn, CancellationToken cancellationToken)
    {
        ExecutionRecord? exec;
        lock (_lock)
        {
            _executions.TryGetValue(executionArn, out exec);
        }

        exec ??= _mapRuns.FindChild(executionArn);
        return exec is null
            ? Task.FromException(new ArgumentException($"Execution Does Not Exist: '{executionArn}'", nameof(executionArn)))
            : exec.Completion.Task.WaitAsync(cancellationToken);
    }

    private string Arn(string resource) => $"arn:{_options.Partition}:states:{_options.Region}:{_options.Account}:{resource}";

    private static double Epoch(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;

    private static string RequiredString(JsonObject request, string field)
    {
        if (!request.TryGetPropertyValue(field, out var node) || node is null)
        {
            throw new ApiException("ValidationException", $"1 validation error detected: Value null at '{field}' failed to satisfy constraint: Member must not be null");
        }

        return JsonValues.TryString(node, out var s)
            ? s
            : throw new ApiException("SerializationException", $"Expected a string for '{field}'.");
    }

    private static string? OptionalString(JsonObject request, string field) =>
        request.TryGetPropertyValue(field, out var node) && node is not null
            ? JsonValues.TryString(node, out var s) ? s : throw new ApiException("SerializationException", $"Expected a string for '{field}'.")
            : null;

    private static void CheckArn(string arn)
    {
        if (!arn.StartsWith("arn:", StringComparison.Ordinal))
        {
            throw new ApiException("InvalidArn", $"Invalid Arn: 'Invalid ARN prefix: {arn}'");
        }
    }

    private static void CheckName(string name)
    {
        if (name.Length is 0 or > 80 || Definition.Validation.DefinitionValidator.InvalidNameCharacter().IsMatch(name))
        {
            throw new ApiException("InvalidName", $"Invalid Name: '{name}'");
        }
    }

    private StateMachineRecord Machine(string arn)
    {
        CheckArn(arn);
        lock (_lock)
        {
            return _machines.TryGetValue(arn, out var machine)
                ? machine
                : throw new ApiException("StateMachineDoesNotExist", $"State Machine Does Not Exist: '{arn}'");
        }
    }

    private ExecutionRecord Execution(string arn)
    {
        CheckArn(arn);
        lock (_lock)
        {
            if (_executions.TryGetValue(arn, out var exec))
            {
                return exec;
            }
        }

        return _mapRuns.FindChild(arn) ?? throw new ApiException("ExecutionDoesNotExist", $"Execution Does Not Exist: '{arn}'");
    }

    /// <summary>An execution's input, refused as AWS words it ("Unrecognized token 'not': was expecting ...").</summary>
    private static JsonNode? ParseInput(string text)
    {
        return JsonSyntax.Check(text) switch
        {
            null => JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = JsonSyntax.MaxDepth + 64 }),
            { Kind: JsonSyntax.ProblemKind.DuplicateKey } => JsonSyntax.ParseLastWins(text),
            var problem => throw new ApiException("InvalidExecutionInput", $"Invalid State Machine Execution Input: '{problem.Reason}'"),
        };
    }

    /// <summary>
    /// The API's limit on an execution input or task output (botocore: SensitiveData, max 262144), held
    /// to AWS's quota of 256 KiB as UTF-8 so that multi-byte text cannot pass it either.
    /// </summary>
    private static void CheckPayloadSize(string member, string text)
    {
        if (text.Length > ExecutionEngine.PayloadLimitBytes || Encoding.UTF8.GetByteCount(text) > ExecutionEngine.PayloadLimitBytes)
        {
            throw new ApiException("ValidationException", $"1 validation error detected: Value at '{member}' failed to satisfy constraint: Member must have length less than or equal to {ExecutionEngine.PayloadLimitBytes}");
        }
    }

    /// <summary>The API's limit on a definition (botocore: Definition, max 1048576).</summary>
    private static void CheckDefinitionSize(string definition)
    {
        if (definition.Length > 1_048_576)
        {
            throw new ApiException("ValidationException", "1 validation error detected: Value at 'definition' failed to satisfy constraint: Member must have length less than or equal to 1048576");
        }
    }

    private static StateMachineDefinition ParseDefinition(string text, bool express = false)
    {
        CheckDefinitionSize(text);
        try
        {
            return DefinitionParser.Parse(text, express);
        }
        catch (DefinitionException e)
        {
            throw new ApiException("InvalidDefinition", e.Message);
        }
    }

    private static JsonObject Logging(JsonObject request) =>
        request["loggingConfiguration"] is JsonObject logging
            ? new JsonObject
            {
                ["level"] = logging["level"]?.DeepClone() ?? "OFF",
                ["includeExecutionData"] = logging["includeExecutionData"]?.DeepClone() ?? false,
                ["destinations"] = logging["destinations"]?.DeepClone(),
            }
            : new JsonObject { ["level"] = "OFF", ["includeExecutionData"] = false };

    private static JsonObject Tracing(JsonObject request) =>
        request["tracingConfiguration"] is JsonObject tracing
            ? new JsonObject { ["enabled"] = tracing["enabled"]?.DeepClone() ?? false }
            : new JsonObject { ["enabled"] = false };

    private static (int Max, int Offset) Page(JsonObject request, int defaultMax)
    {
        var max = JsonValues.IsInteger(request["maxResults"], out var m) && m > 0 ? (int)Math.Min(m, 1000) : defaultMax;
        var token = OptionalString(request, "nextToken");
        if (token is null)
        {
            return (max, 0);
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            return int.TryParse(decoded, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var offset)
                ? (max, offset)
                : throw new ApiException("InvalidToken", $"Invalid Token: '{token}'");
        }
        catch (FormatException)
        {
            throw new ApiException("InvalidToken", $"Invalid Token: '{token}'");
        }
    }

    private static string Token(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes(offset.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
