using Sluice.LocalCloud.CloudFormation.Stacks;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Lambda;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>
/// Deploys the template given on the command line into a started host as a CloudFormation stack
/// (the same CreateStack a client calls) and prints what it created.
/// </summary>
internal static class StackStartup
{
    /// <summary>Every capability: the person starting the host asked for this template.</summary>
    public static readonly IReadOnlyList<string> AllCapabilities = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"];

    /// <param name="lambda">The Lambda service to create functions in; null names them only (--without-lambda) or refuses them.</param>
    /// <returns>The stack, or null after printing why the template could not be deployed.</returns>
    public static async Task<DeployedStack?> DeployAsync(LocalCloudHost host, StackArguments arguments, ILambdaControlPlane? lambda,
        TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var result = await DeployAsync(host.CloudFormation, arguments, lambda, cancellationToken).ConfigureAwait(false);
        if (result.Stack is { } stack)
        {
            stack.Write(output);
            return stack;
        }
        await errors.WriteLineAsync($"error: {result.Error}").ConfigureAwait(false);
        return null;
    }

    /// <summary>The stack, or the error (the template's or the first resource's that failed) and nothing left behind.</summary>
    public static async Task<(DeployedStack? Stack, string? Error, string? Code)> DeployAsync(CloudFormationService cloudFormation, StackArguments arguments,
        ILambdaControlPlane? lambda, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(arguments.TemplatePath!);
        if (!File.Exists(path))
        {
            return (null, $"template {arguments.TemplatePath} does not exist", "TemplateNotFound");
        }
        cloudFormation.Targets = cloudFormation.Targets with { Lambda = lambda, WithoutLambda = arguments.WithoutLambda };
        string stackId;
        try
        {
            var input = new StackInput
            {
                StackName = arguments.Settings.StackName,
                TemplateBody = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false),
                TemplatePath = path,
                Parameters = arguments.Settings.Parameters.Select(p => new ParameterInput(p.Key, p.Value, false)).ToList(),
                Capabilities = AllCapabilities,
            };
            // On a data directory the stack may be there from the last run: brought to this template, or left as it is when nothing changed.
            var kept = cloudFormation.Describe(null).FirstOrDefault(s => s.StackName == input.StackName);
            if (kept is not null)
            {
                try
                {
                    stackId = await cloudFormation.UpdateStackAsync(input, cancellationToken).ConfigureAwait(false);
                }
                catch (AwsServiceException e) when (e.Message == CloudFormationErrors.NoUpdates)
                {
                    return (cloudFormation.Deployed(kept) with { Kept = "kept in the data directory, unchanged" }, null, null);
                }
            }
            else
            {
                stackId = await cloudFormation.CreateStackAsync(input, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (AwsServiceException e)
        {
            return (null, e.Message, e.Code);
        }
        catch (IOException e)
        {
            return (null, $"template {arguments.TemplatePath} could not be read: {e.Message}", "TemplateNotReadable");
        }
        await cloudFormation.WaitAsync(stackId).WaitAsync(cancellationToken).ConfigureAwait(false);
        var stack = cloudFormation.Stack(stackId);
        return stack.Status is StackStatus.CreateComplete or StackStatus.UpdateComplete
            ? (cloudFormation.Deployed(stack) with { Kept = stack.Status == StackStatus.UpdateComplete ? "kept in the data directory, updated to this template" : null }, null, null)
            : (null, cloudFormation.FailureOf(stack), stack.Status);
    }
}
