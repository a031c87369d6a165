using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Lambda;

namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>Loads the template given on the command line into a started host and prints what it created.</summary>
internal static class StackStartup
{
    /// <param name="lambda">The Lambda service the host was composed with, if any.</param>
    /// <returns>The stack, or null after printing why the template could not be deployed.</returns>
    public static async Task<DeployedStack?> DeployAsync(LocalCloudHost host, StackArguments arguments, ILambdaControlPlane? lambda,
        TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var settings = arguments.Settings with { Region = host.Options.Region, AccountId = host.Options.AccountId };
        try
        {
            var template = TemplateLoader.LoadFile(arguments.TemplatePath!, settings);
            var targets = new StackTargets(host.Sqs, host.Sns, host.Kinesis, host.StepFunctions, lambda) { WithoutLambda = arguments.WithoutLambda };
            var stack = await StackDeployer.DeployAsync(template, targets, cancellationToken).ConfigureAwait(false);
            stack.Write(output);
            return stack;
        }
        catch (TemplateException e)
        {
            await errors.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return null;
        }
    }
}
