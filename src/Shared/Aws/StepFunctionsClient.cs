using System.Text.Json;
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
            StepFunctionsJsonContext.Default.DescribeExecutionRequest,
            StepFunctionsJsonContext.Default.DescribeExecutionResult,
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
            StepFunctionsJsonContext.Default.ListExecutionsRequest,
            StepFunctionsJsonContext.Default.ListExecutionsResult,
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
            StepFunctionsJsonContext.Default.GetExecutionHistoryRequest,
            StepFunctionsJsonContext.Default.GetExecutionHistoryResult,
            cancellationToken);
    }

    private static void CheckMaxResults(int? maxResults)
    {
        if (maxResults is < 0 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(maxResults), maxResults, "Step Functions takes 0 to 1000.");
        }
    }

    private Task<TResult> CallAsync<TRequest, TResult>(
        string operation,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResult> resultType,
        CancellationToken cancellationToken) =>
        _transport.CallJsonAsync("Step Functions", "AWSStepFunctions." + operation, "1.0", request, requestType, resultType, cancellationToken);
}
