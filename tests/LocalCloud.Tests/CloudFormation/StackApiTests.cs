using System.Diagnostics;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Tests.Lambda;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.CloudFormation;

/// <summary>
/// boto3 (with its waiters) drives the local CloudFormation as it drives AWS: each scenario is a
/// script in TestData/cloudformation/stack_api.py that asserts every step, on one host shared by the class.
/// </summary>
public sealed class StackApiTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    [Fact]
    public Task Stacks_CreateDescribeDelete_AnswerAsAws() => RunAsync("lifecycle");

    [Fact]
    public Task ChangeSets_UpdateInPlaceAndByReplacement_KeepMessagesAndRunningExecutionsAndDetectDrift() => RunAsync("update");

    [Fact]
    public Task BadInputAndFailedResources_GetAwsErrorsAndRollBack() => RunAsync("failures");

    [Fact]
    public Task ImportsAndLanguageExtensions_ResolveAcrossStacksAndExpandLoops() => RunAsync("imports");

    [Fact]
    public Task DeletionAndUpdateReplacePolicies_RetainWhatTheySayWithDeleteSkippedEvents() => RunAsync("policies");

    [Fact]
    public Task PlainStateMachine_CreatesUpdatesReplacesAndRunsExecutions() => RunAsync("statemachine");

    [Fact]
    public Task DeleteStack_NonEmptyBucketFailsThenRetainResourcesDeletesTheStack() => RunAsync("retain");

    [Fact]
    public async Task PlainFunctionRolePermissionBucketPolicy_CreateUpdateInPlaceAndDelete()
    {
        var bootstrap = await FunctionBootstrap.PublishAsync(RepositoryRoot.Directory, LambdaRig.FlakyProject).WaitAsync(TimeSpan.FromMinutes(10));
        await RunAsync("function", bootstrap);
    }

    [Fact]
    public async Task Drift_ComparesLiveFunctionsMappingsAndBucketsWithTheTemplate()
    {
        var bootstrap = await FunctionBootstrap.PublishAsync(RepositoryRoot.Directory, LambdaRig.FlakyProject).WaitAsync(TimeSpan.FromMinutes(10));
        await RunAsync("drift", bootstrap);
    }

    private async Task RunAsync(string scenario, params string[] extra)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "TestData", "cloudformation", "stack_api.py");
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[script, cloud.Endpoint, scenario, "t-" + scenario, .. extra])
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Skip("python3 not installed: the CloudFormation contract tests drive the local cloud through boto3");
            return;
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
            var text = await output + await errors;
            if (text.Contains("No module named 'boto3'", StringComparison.Ordinal))
            {
                Assert.Skip("boto3 is not installed for python3: the CloudFormation contract tests drive the local cloud through it");
            }
            Assert.True(process.ExitCode == 0, $"stack_api.py {scenario} failed:\n{text}");
            Assert.EndsWith("ok", text.Trim(), StringComparison.Ordinal);
        }
    }
}
