namespace Sluice.Asl.Resources;

/// <summary>The default when no host provides integrations: every call fails with a clear error.</summary>
public sealed class UnavailableServiceIntegrations : IServiceIntegrationInvoker, ILambdaInvoker, IObjectStore
{
    public Task<ServiceInvocationResult> InvokeAsync(ServiceInvocation invocation, CancellationToken cancellationToken) =>
        Task.FromResult(ServiceInvocationResult.Failure(new ServiceError(
            "States.Runtime",
            $"No integration for {(invocation.AwsSdk ? "aws-sdk:" : string.Empty)}{invocation.Service}:{invocation.Action} is configured in this local cloud")));

    public Task<LambdaInvocationResult> InvokeAsync(string function, string payloadJson, CancellationToken cancellationToken) =>
        Task.FromResult(LambdaInvocationResult.Unavailable(new ServiceError(
            "Lambda.ResourceNotFoundException",
            $"Function not found: {function} (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: {Guid.NewGuid()}; Proxy: null)")));

    public Task<ObjectReadResult> GetObjectAsync(string bucket, string key, string? versionId, CancellationToken cancellationToken) =>
        Task.FromResult(ObjectReadResult.Failure(NoS3(bucket)));

    public Task<ObjectListResult> ListObjectsAsync(string bucket, string? prefix, CancellationToken cancellationToken) =>
        Task.FromResult(ObjectListResult.Failure(NoS3(bucket)));

    public Task<ServiceError?> PutObjectAsync(string bucket, string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken) =>
        Task.FromResult<ServiceError?>(NoS3(bucket));

    private static ServiceError NoS3(string bucket) =>
        new("S3.NoSuchBucket", $"The specified bucket does not exist: no S3 is configured for this Step Functions service (bucket {bucket}) (Service: S3, Status Code: 404, Request ID: {Guid.NewGuid()})");
}
