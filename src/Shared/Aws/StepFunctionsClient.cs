using System.Text.Json.Serialization.Metadata;

namespace Sluice.Shared.Aws;

/// <summary>AWS Step Functions over awsJson 1.0 (target prefix <c>AWSStepFunctions</c>).</summary>
public sealed class StepFunctionsClient
{
    private readonly AwsHttpClient _transport;

    public StepFunctionsClient(AwsClientOptions options, HttpClient http)
    {
        _transport = new AwsHttpClient(options, AwsService.StepFunctions, http);
    }

    /// <summary>The ARN of the execution <paramref name="executionName"/> of a state machine (standard workflows).</summary>
    public static string ExecutionArn(string stateMachineArn, string executionName)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateMachineArn);
        ArgumentException.ThrowIfNullOrEmpty(executionName);
        return stateMachineArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":" + executionName;
    }

    /// <summary>Starts an execution. <c>ExecutionAlreadyExists</c> comes back as an <see cref="AwsServiceException"/>.</summary>
    /// <param name="name">1-80 characters; null lets Step Functions generate one.</param>
    /// <param name="input">The execution input as JSON text; null means "{}".</param>
    public Task<StartExecutionResult> StartExecutionAsync(
        string stateMachineArn,
        string? name,
        string? input,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateMachineArn);
        return CallAsync(
            "StartExecution",
            new StartExecutionRequest { StateMachineArn = stateMachineArn, Name = name, Input = input },
            StepFunctionsJsonContext.Default.StartExecutionRequest,
            StepFunctionsJsonContext.Default.StartExecutionResult,
            cancellationToken);
    }

    public Task<DescribeExecutionResult> DescribeExecutionAsync(string executionArn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(executionArn);
        return CallAsync(
            "DescribeExecution",
            new DescribeExecutionRequest { ExecutionArn = executionArn },
            StepFunctionsReadJsonContext.Default.DescribeExecutionRequest,
            StepFunctionsReadJsonContext.Default.DescribeExecutionResult,
            cancellationToken);
    }

    /// <summary>
    /// Restarts a FAILED, TIMED_OUT or ABORTED Standard execution from its unsuccessful states, under
    /// its own ARN. A refusal comes back as an <see cref="AwsServiceException"/>:
    /// <c>ExecutionNotRedrivable</c> (with the reason), <c>ExecutionLimitExceeded</c>,
    /// <c>ExecutionDoesNotExist</c>, <c>InvalidArn</c> or <c>ValidationException</c>.
    /// </summary>
    /// <param name="clientToken">
    /// 1-64 printable ASCII characters; null makes one up, as the AWS SDKs do, so that a retry of a
    /// request whose answer was lost gets the first redrive's answer instead of "Execution is RUNNING".
    /// </param>
    public Task<RedriveExecutionResult> RedriveExecutionAsync(string executionArn, string? clientToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(executionArn);
        if (clientToken is { Length: 0 or > 64 } || (clientToken is not null && clientToken.Any(c => c is < '!' or > '~')))
        {
            throw new ArgumentException("A client token is 1 to 64 printable ASCII characters.", nameof(clientToken));
        }

        return CallAsync(
            "RedriveExecution",
            new RedriveExecutionRequest { ExecutionArn = executionArn, ClientToken = clientToken ?? Guid.NewGuid().ToString() },
            StepFunctionsReadJsonContext.Default.RedriveExecutionRequest,
            StepFunctionsReadJsonContext.Default.RedriveExecutionResult,
            cancellationToken);
    }

    /// <param name="statusFilter">RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED or PENDING_REDRIVE; null for all.</param>
    /// <param name="maxResults">0 to 1000; null for the service default.</param>
    public Task<ListExecutionsResult> ListExecutionsAsync(
        string stateMachineArn,
        string? statusFilter = null,
        int? maxResults = null,
        string? nextToken = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateMachineArn);
        CheckMaxResults(maxResults);
        return CallAsync(
            "ListExecutions",
            new ListExecutionsRequest
            {
                StateMachineArn = stateMachineArn,
                StatusFilter = statusFilter,
                MaxResults = maxResults,
                NextToken = nextToken,
            },
            StepFunctionsReadJsonContext.Default.ListExecutionsRequest,
            StepFunctionsReadJsonContext.Default.ListExecutionsResult,
            cancellationToken);
    }

    public Task<GetExecutionHistoryResult> GetExecutionHistoryAsync(
        string executionArn,
        int? maxResults = null,
        string? nextToken = null,
        bool? reverseOrder = null,
        bool? includeExecutionData = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(executionArn);
        CheckMaxResults(maxResults);
        return CallAsync(
            "GetExecutionHistory",
            new GetExecutionHistoryRequest
            {
                ExecutionArn = executionArn,
                MaxResults = maxResults,
                NextToken = nextToken,
                ReverseOrder = reverseOrder,
                IncludeExecutionData = includeExecutionData,
            },
            StepFunctionsReadJsonContext.Default.GetExecutionHistoryRequest,
            StepFunctionsReadJsonContext.Default.GetExecutionHistoryResult,
            cancellationToken);
    }

    /// <param name="maxResults">0 to 1000; null for the service default.</param>
    public Task<ListStateMachinesResult> ListStateMachinesAsync(int? maxResults = null, string? nextToken = null, CancellationToken cancellationToken = default)
    {
        CheckMaxResults(maxResults);
        return CallAsync(
            "ListStateMachines",
            new ListStateMachinesRequest { MaxResults = maxResults, NextToken = nextToken },
            StepFunctionsReadJsonContext.Default.ListStateMachinesRequest,
            StepFunctionsReadJsonContext.Default.ListStateMachinesResult,
            cancellationToken);
    }

    /// <summary>Every page of ListStateMachines.</summary>
    public IAsyncEnumerable<ListStateMachinesResult> ListStateMachinesPagesAsync(int? pageSize = null, CancellationToken cancellationToken = default) =>
        Pages((token, ct) => ListStateMachinesAsync(pageSize, token, ct), r => r.NextToken, cancellationToken);

    /// <summary>Every page of ListExecutions, newest executions first; stop reading when you have enough.</summary>
    public IAsyncEnumerable<ListExecutionsResult> ListExecutionsPagesAsync(
        string stateMachineArn, string? statusFilter = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        Pages((token, ct) => ListExecutionsAsync(stateMachineArn, statusFilter, pageSize, token, ct), r => r.NextToken, cancellationToken);

    /// <summary>Every page of GetExecutionHistory, oldest events first unless <paramref name="reverseOrder"/>.</summary>
    public IAsyncEnumerable<GetExecutionHistoryResult> GetExecutionHistoryPagesAsync(
        string executionArn, bool? reverseOrder = null, bool? includeExecutionData = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        Pages((token, ct) => GetExecutionHistoryAsync(executionArn, pageSize, token, reverseOrder, includeExecutionData, ct), r => r.NextToken, cancellationToken);

    private static async IAsyncEnumerable<TPage> Pages<TPage>(
        Func<string?, CancellationToken, Task<TPage>> read,
        Func<TPage, string?> nextToken,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await read(token, cancellationToken).ConfigureAwait(false);
            yield return page;
            token = nextToken(page) is { Length: > 0 } next ? next : null;
        }
        while (token is not null);
    }

    private static void CheckMaxResults(int? maxResults)
    {
        if (maxResults is < 0 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(maxResults), maxResults, "Step Functions takes 0 to 1000.");
        }
    }

    /// <summary>
    /// Any Step Functions operation with its request as JSON text; the answer's body as text (for a
    /// reader that passes the service's documents on as they are, as the web console does). An error
    /// answer comes back as an <see cref="AwsServiceException"/>.
    /// </summary>
    public async Task<string> SendAsync(string operation, string requestJson, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        ArgumentNullException.ThrowIfNull(requestJson);
        var body = await _transport.SendJsonAsync("AWSStepFunctions." + operation, "1.0", System.Text.Encoding.UTF8.GetBytes(requestJson), cancellationToken).ConfigureAwait(false);
        return System.Text.Encoding.UTF8.GetString(body);
    }

    private Task<TResult> CallAsync<TRequest, TResult>(
        string operation,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResult> resultType,
        CancellationToken cancellationToken) =>
        _transport.CallJsonAsync("Step Functions", "AWSStepFunctions." + operation, "1.0", request, requestType, resultType, cancellationToken);
}
