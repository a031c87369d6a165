namespace Sluice.Shared.Aws.CloudFormation;

public sealed partial class CloudFormationClient
{
    /// <summary>
    /// Polls DescribeChangeSet until the change set is CREATE_COMPLETE or FAILED (a change set
    /// "with no changes" fails with that reason), as the SDKs' ChangeSetCreateComplete waiter does.
    /// Sleeps go through <see cref="AwsRetryPolicy.Delay"/>, time through <see cref="AwsClientOptions.Clock"/>.
    /// </summary>
    /// <exception cref="TimeoutException">Still pending after <paramref name="timeout"/>.</exception>
    public async Task<ChangeSet> WaitForChangeSetAsync(
        string changeSetName, string? stackName, TimeSpan pollInterval, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = _options.Clock.GetUtcNow() + timeout;
        while (true)
        {
            var changeSet = await DescribeChangeSetAsync(changeSetName, stackName, null, cancellationToken).ConfigureAwait(false);
            if (changeSet.Status is "CREATE_COMPLETE" or "FAILED" or "DELETE_COMPLETE" or "DELETE_FAILED")
            {
                return changeSet;
            }

            await PauseAsync(deadline, pollInterval, $"change set {changeSetName} is still {changeSet.Status}", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Polls DescribeStacks until no operation is in progress (a status not ending in
    /// _IN_PROGRESS, REVIEW_IN_PROGRESS excepted as it waits for a change set); null once the
    /// stack no longer exists (deleted by name).
    /// </summary>
    /// <exception cref="TimeoutException">Still in progress after <paramref name="timeout"/>.</exception>
    public async Task<Stack?> WaitForStackAsync(string stackName, TimeSpan pollInterval, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = _options.Clock.GetUtcNow() + timeout;
        while (true)
        {
            var stack = await FindStackAsync(stackName, cancellationToken).ConfigureAwait(false);
            if (stack is null || stack.StackStatus == "REVIEW_IN_PROGRESS" || !stack.StackStatus.EndsWith("_IN_PROGRESS", StringComparison.Ordinal))
            {
                return stack;
            }

            await PauseAsync(deadline, pollInterval, $"stack {stackName} is still {stack.StackStatus}", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Polls DescribeStackDriftDetectionStatus until the detection is no longer in progress.</summary>
    /// <exception cref="TimeoutException">Still in progress after <paramref name="timeout"/>.</exception>
    public async Task<StackDriftDetectionStatus> WaitForDriftDetectionAsync(
        string stackDriftDetectionId, TimeSpan pollInterval, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = _options.Clock.GetUtcNow() + timeout;
        while (true)
        {
            var status = await DescribeStackDriftDetectionStatusAsync(stackDriftDetectionId, cancellationToken).ConfigureAwait(false);
            if (status.DetectionStatus != "DETECTION_IN_PROGRESS")
            {
                return status;
            }

            await PauseAsync(deadline, pollInterval, $"drift detection {stackDriftDetectionId} is still in progress", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PauseAsync(DateTimeOffset deadline, TimeSpan pollInterval, string what, CancellationToken cancellationToken)
    {
        if (_options.Clock.GetUtcNow() + pollInterval > deadline)
        {
            throw new TimeoutException($"Gave up waiting: {what}.");
        }

        await _options.Retry.Delay(pollInterval, cancellationToken).ConfigureAwait(false);
    }
}
