using System.Globalization;
using System.Security.Cryptography;
using Sluice.LocalCloud.Lambda;

namespace Sluice.LocalCloud.CodeDeploy;

/// <summary>
/// One CodeDeploy deployment of a Lambda alias from version <c>from</c> to <c>to</c>, as CodeDeploy
/// runs it: the alias's routing weight on the new version goes up step by step (canary or linear), the
/// deployment group's alarms are checked before the first step and throughout every interval, and an
/// alarm in ALARM stops the deployment and puts all traffic back on the old version
/// (DEPLOYMENT_STOP_ON_ALARM with automatic rollback). At the end the alias names the new version alone.
/// </summary>
internal sealed class LambdaDeployment(
    ILambdaControlPlane lambda,
    DeploymentSettings settings,
    string function,
    string alias,
    string from,
    string to,
    DeploymentConfig config,
    IReadOnlyList<MetricAlarm> alarms)
{
    private readonly List<string> _events = [];

    /// <summary>A CodeDeploy deployment id: <c>d-</c> and nine upper-case letters and digits.</summary>
    public string DeploymentId { get; } = "d-" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 9);

    public async Task<DeploymentOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var clock = settings.Clock;
        var started = clock.GetUtcNow();
        Note($"deploying {function}:{alias} from version {from} to {to} with {config.Name}, watching {alarms.Count.ToString(CultureInfo.InvariantCulture)} alarm(s)");
        var tick = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(10).Ticks, settings.Minute.Ticks / 10));
        foreach (var weight in config.Steps())
        {
            if (Alarmed() is { } before)
            {
                return RolledBack(started, before);
            }
            if (weight >= 1.0)
            {
                break;
            }
            lambda.UpdateAlias(function, alias, from, null, new Dictionary<string, double> { [to] = weight }, null);
            Note($"{(weight * 100).ToString("0", CultureInfo.InvariantCulture)}% of traffic on version {to}");
            var until = clock.GetUtcNow() + settings.Scaled(config.Interval);
            while (clock.GetUtcNow() < until)
            {
                await Task.Delay(tick, clock, cancellationToken).ConfigureAwait(false);
                if (Alarmed() is { } reason)
                {
                    return RolledBack(started, reason);
                }
            }
        }
        lambda.UpdateAlias(function, alias, to, null, new Dictionary<string, double>(), null);
        Note($"100% of traffic on version {to}; deployment succeeded");
        return new DeploymentOutcome(DeploymentId, true, null, started, clock.GetUtcNow(), _events);
    }

    private string? Alarmed()
    {
        if (alarms.Count == 0)
        {
            return null;
        }
        var records = lambda.Invocations(function);
        var now = settings.Clock.GetUtcNow();
        foreach (var alarm in alarms)
        {
            var (inAlarm, reason) = alarm.Evaluate(records, now, settings);
            if (inAlarm)
            {
                return reason;
            }
        }
        return null;
    }

    private DeploymentOutcome RolledBack(DateTimeOffset started, string reason)
    {
        lambda.UpdateAlias(function, alias, from, null, new Dictionary<string, double>(), null);
        Note($"stopped on alarm, all traffic back on version {from}: {reason}");
        return new DeploymentOutcome(DeploymentId, false, reason, started, settings.Clock.GetUtcNow(), _events);
    }

    private void Note(string text) => _events.Add($"{settings.Clock.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} {DeploymentId} {text}");
}

/// <summary>How a deployment ended, when, and what it did along the way.</summary>
internal sealed record DeploymentOutcome(string DeploymentId, bool Succeeded, string? Reason, DateTimeOffset Started, DateTimeOffset Finished, IReadOnlyList<string> Events);
