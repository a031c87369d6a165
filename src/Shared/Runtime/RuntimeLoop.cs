namespace Sluice.Shared.Runtime;

/// <summary>
/// The event loop of a custom runtime: get the next invocation, run the handler, post its response
/// or its error. No invocation is lost to an exception: every one the loop took is answered.
/// </summary>
public sealed class RuntimeLoop(RuntimeApiClient client, LambdaHost host, InvocationHandler handler, Action<string, string?> setEnvironmentVariable)
{
    private const string TraceEnvironmentVariable = "_X_AMZN_TRACE_ID";

    /// <summary>Runs until the Runtime API answers 500 or becomes unreachable (exit code 1), or until cancelled (0).</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var coldStart = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            Invocation invocation;
            try
            {
                invocation = await client.NextAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 0;
            }
            catch (Exception exception) when (exception is RuntimeApiUnavailableException or HttpRequestException)
            {
                host.Logger.Error(exception, "The Runtime API is unavailable; exiting so Lambda replaces this environment.");
                return 1;
            }

            try
            {
                await HandleAsync(invocation, coldStart, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 0;
            }
            catch (Exception exception) when (exception is RuntimeApiUnavailableException or HttpRequestException)
            {
                host.Logger.Error(exception, "The Runtime API failed while answering an invocation; exiting.");
                return 1;
            }

            coldStart = false;
        }

        return 0;
    }

    private async Task HandleAsync(Invocation invocation, bool coldStart, CancellationToken cancellationToken)
    {
        setEnvironmentVariable(TraceEnvironmentVariable, invocation.TraceId);
        var context = new LambdaContext(
            invocation.RequestId,
            DateTimeOffset.FromUnixTimeMilliseconds(invocation.DeadlineMs),
            invocation.InvokedFunctionArn,
            invocation.TraceId,
            host.Function,
            host.Clock);
        host.Logger.BeginInvocation(context, coldStart);
        host.Metrics.BeginInvocation(invocation.RequestId);

        byte[] response;
        try
        {
            response = await handler(invocation, context, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever the handler throws becomes the invocation's error, as Lambda's own runtimes do.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            host.Metrics.Flush();
            host.Logger.Error(exception, "Invocation failed: {error_type}", ("error_type", ErrorBody.From(exception).ErrorType));
            await TryPostErrorAsync(invocation.RequestId, ErrorBody.From(exception), cancellationToken).ConfigureAwait(false);
            return;
        }

        host.Metrics.Flush();
        try
        {
            await client.PostResponseAsync(invocation.RequestId, response, cancellationToken).ConfigureAwait(false);
        }
        catch (RuntimeApiException exception) when (exception is not RuntimeApiUnavailableException)
        {
            // Typically 413: the response is over Lambda's limit. Report it as the invocation's error.
            host.Logger.Error(exception, "The Runtime API refused the response");
            await TryPostErrorAsync(invocation.RequestId, new ErrorBody("Function.ResponseRejected", exception.Message, []), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task TryPostErrorAsync(string requestId, ErrorBody error, CancellationToken cancellationToken)
    {
        try
        {
            await client.PostErrorAsync(requestId, error, cancellationToken).ConfigureAwait(false);
        }
        catch (RuntimeApiException exception) when (exception is not RuntimeApiUnavailableException)
        {
            host.Logger.Error(exception, "The Runtime API refused the error report");
        }
    }
}
