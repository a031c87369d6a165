namespace Sluice.LocalCloud.CodeDeploy;

/// <summary>
/// How fast the local CodeDeploy runs: one CodeDeploy (and CloudWatch) minute lasts <see cref="Minute"/>,
/// so a ten-minute canary takes ten seconds by default, and a test's a fraction of that.
/// </summary>
internal sealed record DeploymentSettings
{
    public static readonly DeploymentSettings Default = new();

    /// <summary>The local length of a minute of traffic shifting and of alarm periods.</summary>
    public TimeSpan Minute { get; init; } = TimeSpan.FromSeconds(1);

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>A duration of the AWS world (an interval, an alarm period) on the local clock.</summary>
    public TimeSpan Scaled(TimeSpan aws) => TimeSpan.FromTicks((long)(aws.TotalMinutes * Minute.Ticks));
}
