using System.Diagnostics;
using Sluice.LocalCloud.Protocol;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Lambda;

/// <summary>
/// A SAM function with AutoPublishAlias and a canary DeploymentPreference, deployed and updated through
/// the real AWS CLI (skipped loudly without it) while its alias takes traffic: a healthy version ends
/// with all traffic, a failing one trips the alarm and the alias goes back, the stack rolled back.
/// One CodeDeploy minute lasts 200 ms here, so the five-minute canary takes one second.
/// </summary>
public sealed class SafeDeploymentTests : IAsyncLifetime
{
    private readonly LambdaRig _rig = new() { DeploymentMinute = TimeSpan.FromMilliseconds(200) };
    private readonly string _name = "canary-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _stack = "canary-" + Guid.NewGuid().ToString("N")[..8];

    public ValueTask InitializeAsync() => _rig.InitializeAsync();

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    private string Template(string build, bool failing) => $$"""
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              FunctionName: {{_name}}
              CodeUri: {{Path.Combine(RepositoryRoot.Directory, LambdaRig.FlakyProject)}}
              Handler: bootstrap
              Runtime: provided.al2023
              MemorySize: 256
              Environment:
                Variables:
                  BUILD: "{{build}}"
                  FLAKY_INIT_FAIL: "{{(failing ? "this build fails every invocation" : "")}}"
              AutoPublishAlias: live
              DeploymentPreference:
                Type: Canary10Percent5Minutes
                Alarms:
                  - !Ref ErrorsAlarm
          ErrorsAlarm:
            Type: AWS::CloudWatch::Alarm
            Properties:
              Namespace: AWS/Lambda
              MetricName: Errors
              Dimensions:
                - Name: FunctionName
                  Value: !Ref Fn
                - Name: Resource
                  Value: !Sub "${Fn}:live"
              Statistic: Sum
              Period: 60
              EvaluationPeriods: 1
              Threshold: 1
              ComparisonOperator: GreaterThanOrEqualToThreshold
              TreatMissingData: notBreaching
        """;

    private async Task<(int Exit, string Out, string Err)> DeployAsync(AwsCli aws, string build, bool failing)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("canary-").FullName, "template.yaml");
        await File.WriteAllTextAsync(path, Template(build, failing));
        return await aws.RunAsync("cloudformation", "deploy", "--template-file", path, "--stack-name", _stack, "--capabilities", "CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND");
    }

    [Fact]
    public async Task Canary_HealthyVersionTakesAllTraffic_FailingVersionIsRolledBackByItsAlarm()
    {
        AwsCli.RequireInstalled();
        var aws = new AwsCli(_rig.Endpoint);
        var (created, _, createError) = await DeployAsync(aws, "one", failing: false);
        Assert.True(created == 0, createError);
        Assert.Equal("1", _rig.Lambda.GetAlias(_name, "live").FunctionVersion);
        await _rig.Lambda.Function(_name).Bootstrap.WaitAsync(TimeSpan.FromMinutes(15));

        // A healthy build: the canary's 10% is seen on the alias, then all traffic moves.
        var (healthy, traffic) = await WithTrafficAsync(() => DeployAsync(aws, "two", failing: false));
        Assert.True(healthy.Exit == 0, healthy.Err);
        var afterHealthy = _rig.Lambda.GetAlias(_name, "live");
        Assert.Equal(("2", null), (afterHealthy.FunctionVersion, afterHealthy.AdditionalVersion));
        Assert.Contains(0.1, traffic.Weights);
        Assert.All(traffic.Outcomes, o => Assert.False(o.Failed, "a healthy canary fails nothing"));

        // A build that fails every invocation: the alarm fires during the canary and the alias goes back to 2.
        var watch = Stopwatch.StartNew();
        var (failed, during) = await WithTrafficAsync(() => DeployAsync(aws, "three", failing: true));
        watch.Stop();
        Assert.NotEqual(0, failed.Exit);
        var afterFailure = _rig.Lambda.GetAlias(_name, "live");
        Assert.Equal(("2", null), (afterFailure.FunctionVersion, afterFailure.AdditionalVersion));
        var stack = await aws.JsonAsync("cloudformation", "describe-stacks", "--stack-name", _stack);
        Assert.Equal("UPDATE_ROLLBACK_COMPLETE", stack.GetProperty("Stacks")[0].GetProperty("StackStatus").GetString());
        var events = await aws.TextAsync("cloudformation", "describe-stack-events", "--stack-name", _stack);
        var reason = System.Text.RegularExpressions.Regex.Match(events, "failed and rolled back to version 2 after ([0-9.]+) s: alarm [^ ]*ErrorsAlarm");
        Assert.True(reason.Success, events);
        var failures = during.Outcomes.Count(o => o.Failed);
        Assert.True(failures > 0, "the failing version took part of the traffic before the alarm");
        Assert.All(during.Outcomes.Where(o => o.Failed), o => Assert.Equal("3", o.Version));
        // After the rollback every invocation runs version 2 and succeeds.
        for (var i = 0; i < 20; i++)
        {
            var (outcome, record) = await _rig.Lambda.InvokeAsync(_name + ":live", LambdaRig.Json("\"after\""), true, default).WaitAsync(LambdaRig.Wait);
            Assert.Equal(("2", false), (record.Version, outcome.IsError));
        }
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"canary figures: CodeDeploy deployment start to rollback {reason.Groups[1].Value} s; deploy command to exit {watch.ElapsedMilliseconds} ms (CodeDeploy minute = 200 ms); "
            + $"{failures} of {during.Outcomes.Count} invocations failed during it ({100.0 * failures / Math.Max(1, during.Outcomes.Count):0.0}%)");
    }

    private sealed record Traffic(List<(bool Failed, string Version)> Outcomes, List<double> Weights);

    /// <summary>Runs <paramref name="deploy"/> while invocations go through the alias one after another, recording each outcome and the alias's routing weights seen.</summary>
    private async Task<((int Exit, string Out, string Err) Result, Traffic Traffic)> WithTrafficAsync(Func<Task<(int, string, string)>> deploy)
    {
        var traffic = new Traffic([], []);
        using var stop = new CancellationTokenSource();
        var load = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var alias = _rig.Lambda.GetAlias(_name, "live");
                if (alias.AdditionalVersion is not null)
                {
                    traffic.Weights.Add(alias.AdditionalWeight);
                }
                try
                {
                    var (outcome, record) = await _rig.Lambda.InvokeAsync(_name + ":live", LambdaRig.Json("\"ok\""), true, stop.Token);
                    traffic.Outcomes.Add((outcome.IsError, record.Version));
                }
                catch (OperationCanceledException)
                {
                }
                catch (AwsServiceException)
                {
                    // A version being retired between resolution and invocation; the next call resolves again.
                }
            }
        });
        var result = await deploy();
        await stop.CancelAsync();
        await load.WaitAsync(LambdaRig.Wait);
        return (result, traffic);
    }
}
