using System.CommandLine;
using Sluice.Cli.Connection;

namespace Sluice.Cli;

/// <summary>The options every command shares; recursive, so they may come before or after the command name.</summary>
internal sealed class CommonOptions
{
    public const string LocalEndpoint = "http://127.0.0.1:4566";

    public Option<string> Endpoint { get; } = new("--endpoint")
    {
        Description = $"AWS endpoint for every service; 'none' means the real AWS regional endpoints [default: AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL, else {LocalEndpoint}, the local cloud]",
        Recursive = true,
        HelpName = "url",
    };

    public Option<bool> Aws { get; } = new("--aws")
    {
        Description = "Use the real AWS regional endpoints (same as --endpoint none)",
        Recursive = true,
    };

    public Option<string> Region { get; } = new("--region")
    {
        Description = "AWS region [default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region, else us-east-1]",
        Recursive = true,
        HelpName = "name",
    };

    public Option<string> Profile { get; } = new("--profile")
    {
        Description = "Named profile from ~/.aws/credentials and ~/.aws/config [default: AWS_PROFILE when talking to AWS]",
        Recursive = true,
        HelpName = "name",
    };

    public Option<string> Stream { get; } = new("--stream")
    {
        Description = "Order stream name or ARN [default: with --stack, the stack's OrderStreamName output; else the template's name for the stack]",
        Recursive = true,
        HelpName = "name",
    };

    public Option<string> StateMachine { get; } = new("--state-machine")
    {
        Description = "State machine name or ARN [default: with --stack, the stack's OrderFulfilmentStateMachineArn output; else the template's name for the stack]",
        Recursive = true,
        HelpName = "name",
    };

    public Option<string> Stack { get; } = new("--stack")
    {
        Description = $"Stack whose resources to use: names from its CloudFormation outputs (DescribeStacks), or as the template names them under this stack name where CloudFormation is not served [default: {ResourceNames.DefaultStack}]",
        Recursive = true,
        HelpName = "name",
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the result as JSON (for scripts)",
        Recursive = true,
    };

    public IEnumerable<Option> All => [Endpoint, Aws, Region, Profile, Stream, StateMachine, Stack, Json];
}
