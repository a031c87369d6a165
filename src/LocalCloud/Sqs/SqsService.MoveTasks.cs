using System.Globalization;
using System.Text;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Sqs;

/// <summary>
/// Message move tasks (StartMessageMoveTask, ListMessageMoveTasks, CancelMessageMoveTask): messages leave a
/// dead-letter queue for a destination or, by default, for the queue each one dead-lettered from. Each message
/// moves as one write to the data directory, as a dead-letter move does, so a crash neither loses nor duplicates
/// one. Tasks themselves are kept in memory: a restart forgets them (the messages already moved stay moved).
/// </summary>
internal sealed partial class SqsService
{
    private const int MaxMovesPerSecond = 500;
    private readonly List<SqsMoveTask> _moveTasks = [];

    public string StartMessageMoveTask(string sourceArn, string? destinationArn, int? maxPerSecond)
    {
        var source = FindByArn(sourceArn) ?? throw new AwsServiceException("ResourceNotFoundException", "The resource that you specified for the SourceArn parameter doesn't exist.", 400, "ResourceNotFoundException");
        if (!_queues.Values.Any(q => q.Redrive is { } r && r.TargetArn == source.Arn))
        {
            throw SqsErrors.InvalidParameterValue("Source queue must be configured as a Dead Letter Queue.");
        }
        SqsQueue? destination = null;
        if (destinationArn is not null)
        {
            destination = FindByArn(destinationArn) ?? throw new AwsServiceException("ResourceNotFoundException", "The resource that you specified for the DestinationArn parameter doesn't exist.", 400, "ResourceNotFoundException");
        }
        if (maxPerSecond is < 1 or > MaxMovesPerSecond)
        {
            throw SqsErrors.InvalidParameterValue($"Value for parameter MaxNumberOfMessagesPerSecond is invalid. Reason: You must enter a number that's between 1 and {MaxMovesPerSecond}.");
        }
        var now = Now;
        SqsMoveTask task;
        lock (_moveTasks)
        {
            if (_moveTasks.Any(t => t.SourceArn == source.Arn && t.Status is "RUNNING" or "CANCELLING"))
            {
                throw SqsErrors.InvalidParameterValue("There is already a task running. Only one active task is allowed for a source queue arn at a given time.");
            }
            var toMove = long.Parse(source.Attributes(["ApproximateNumberOfMessages"], now)["ApproximateNumberOfMessages"], CultureInfo.InvariantCulture);
            var id = Guid.NewGuid().ToString();
            var handle = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"taskId\":\"{id}\",\"sourceArn\":\"{source.Arn}\"}}"));
            task = new SqsMoveTask(handle, source.Arn, destinationArn, maxPerSecond, toMove, now);
            _moveTasks.Add(task);
        }
        _ = Task.Run(() => RunMoveTaskAsync(task, source, destination));
        return task.Handle;
    }

    public IReadOnlyList<SqsMoveTask> ListMessageMoveTasks(string sourceArn, int? maxResults)
    {
        var source = FindByArn(sourceArn) ?? throw new AwsServiceException("ResourceNotFoundException", "The resource that you specified for the SourceArn parameter doesn't exist.", 400, "ResourceNotFoundException");
        if (maxResults is < 1 or > 10)
        {
            throw SqsErrors.InvalidParameterValue("Value for parameter MaxResults is invalid. Reason: You must enter a number that's between 1 and 10.");
        }
        lock (_moveTasks)
        {
            return [.. _moveTasks.Where(t => t.SourceArn == source.Arn).OrderByDescending(t => t.StartedMs).Take(maxResults ?? 1)];
        }
    }

    public long CancelMessageMoveTask(string handle)
    {
        lock (_moveTasks)
        {
            var task = _moveTasks.FirstOrDefault(t => t.Handle == handle) ?? throw new AwsServiceException("ResourceNotFoundException", "Task does not exist.", 400, "ResourceNotFoundException");
            if (task.Status != "RUNNING")
            {
                throw new AwsServiceException("FailedPrecondition", "Only active tasks can be cancelled.", 400, "FailedPrecondition");
            }
            task.Status = "CANCELLING";
            return Interlocked.Read(ref task.Moved);
        }
    }

    private async Task RunMoveTaskAsync(SqsMoveTask task, SqsQueue source, SqsQueue? destination)
    {
        string? failure = null;
        try
        {
            var movedThisSecond = 0;
            var secondStarted = Now;
            while (task.Status == "RUNNING" && Interlocked.Read(ref task.Moved) < task.ToMove)
            {
                if (task.MaxPerSecond is { } rate && movedThisSecond >= rate)
                {
                    var wait = secondStarted + 1000 - Now;
                    if (wait > 0)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(wait), _options.Clock).ConfigureAwait(false);
                    }
                    movedThisSecond = 0;
                    secondStarted = Now;
                }
                var now = Now;
                if (source.TakeForMove(now) is not { } message)
                {
                    break;
                }
                var target = destination ?? (message.DeadLetterQueueSourceArn is { } origin ? FindByArn(origin) : null);
                if (target is null)
                {
                    source.PutBack(message, now);
                    failure = "AWS.SimpleQueueService.NonExistentQueue";
                    break;
                }
                try
                {
                    // Back at its source it no longer came from a dead-letter queue; elsewhere it keeps where it dead-lettered from.
                    target.EnqueueMoved(message, source, destination is null ? null : message.DeadLetterQueueSourceArn, now);
                }
                catch
                {
                    source.PutBack(message, now);
                    throw;
                }
                Interlocked.Increment(ref task.Moved);
                movedThisSecond++;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            failure = e.Message;
        }
        lock (_moveTasks)
        {
            task.FailureReason = failure;
            task.Status = failure is not null ? "FAILED" : task.Status == "CANCELLING" ? "CANCELLED" : "COMPLETED";
        }
    }
}

/// <summary>One message move task as ListMessageMoveTasks reports it.</summary>
internal sealed class SqsMoveTask(string handle, string sourceArn, string? destinationArn, int? maxPerSecond, long toMove, long startedMs)
{
    public long Moved;

    public string Handle { get; } = handle;

    public string SourceArn { get; } = sourceArn;

    public string? DestinationArn { get; } = destinationArn;

    public int? MaxPerSecond { get; } = maxPerSecond;

    public long ToMove { get; } = toMove;

    public long StartedMs { get; } = startedMs;

    public volatile string Status = "RUNNING";

    public string? FailureReason { get; set; }
}
