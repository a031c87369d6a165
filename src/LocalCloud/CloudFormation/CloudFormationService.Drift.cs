using System.Text.Json.Nodes;
using Sluice.LocalCloud.CloudFormation.Stacks;
using Sluice.LocalCloud.CloudFormation.Template;

namespace Sluice.LocalCloud.CloudFormation;

internal sealed partial class CloudFormationService
{
    private readonly Dictionary<string, (string StackId, DateTimeOffset At, int Drifted)> _detections = new(StringComparer.Ordinal);

    /// <summary>
    /// DetectStackDrift: each resource's live properties against the template's, for the properties the
    /// template sets; IN_SYNC, MODIFIED, DELETED, or NOT_CHECKED for types with nothing live to read.
    /// </summary>
    public async Task<string> DetectDriftAsync(string stackName, IReadOnlyList<string> logicalIds, CancellationToken cancellationToken)
    {
        StackRecord stack;
        List<StackResourceRecord> resources;
        lock (_gate)
        {
            stack = Require(stackName);
            if (StackStatus.InProgress(stack.Status) || stack.Status == StackStatus.ReviewInProgress)
            {
                throw CloudFormationErrors.Validation($"Drift detection cannot be performed on stack {stack.StackId} in status {stack.Status}");
            }
            resources = [.. stack.Resources.Where(r => logicalIds.Count == 0 || logicalIds.Contains(r.Resource.LogicalId))];
        }
        var template = Reload(stack);
        var deployer = new StackDeployer(Targets, template, resources.Select(r => r.Resource));
        var at = Now;
        var results = new List<(StackResourceRecord Record, string Status, List<PropertyDifference> Differences, string? Actual)>();
        foreach (var record in resources)
        {
            var r = record.Resource;
            JsonObject? live;
            try
            {
                live = await deployer.ReadLiveAsync(r, cancellationToken).ConfigureAwait(false);
            }
            catch (NotSupportedException)
            {
                results.Add((record, "NOT_CHECKED", [], null));
                continue;
            }
            if (live is null)
            {
                results.Add((record, "DELETED", [], null));
                continue;
            }
            var expected = deployer.Expected(template.Resources.FirstOrDefault(t => t.LogicalId == r.LogicalId), r);
            var differences = StackDeployer.Differences(expected, live)
                .Select(d => new PropertyDifference(d.Path, d.Expected is null ? null : Text(d.Expected), d.Actual is null ? null : Text(d.Actual), d.Type))
                .ToList();
            results.Add((record, differences.Count == 0 ? "IN_SYNC" : "MODIFIED", differences, live.ToJsonString()));
        }
        var id = Guid.NewGuid().ToString();
        lock (_gate)
        {
            foreach (var (record, status, differences, actual) in results)
            {
                record.DriftStatus = status;
                record.Differences = differences;
                record.ActualProperties = actual;
                record.LastDriftCheck = at;
            }
            var drifted = stack.Resources.Count(r => r.DriftStatus is "MODIFIED" or "DELETED");
            stack.DriftStatus = drifted > 0 ? "DRIFTED" : "IN_SYNC";
            stack.LastDriftCheck = at;
            _detections[id] = (stack.StackId, at, drifted);
        }
        return id;
    }

    public (string StackId, DateTimeOffset At, int Drifted, string StackDriftStatus) Detection(string id)
    {
        lock (_gate)
        {
            if (!_detections.TryGetValue(id, out var detection))
            {
                throw CloudFormationErrors.Validation($"Drift detection {id} does not exist");
            }
            return (detection.StackId, detection.At, detection.Drifted, detection.Drifted > 0 ? "DRIFTED" : "IN_SYNC");
        }
    }
}
