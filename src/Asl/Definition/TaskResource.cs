using System.Text.RegularExpressions;

namespace Sluice.Asl.Definition;

/// <summary>A Task's Resource ARN taken apart: a Lambda function, an optimised integration, aws-sdk, or an activity.</summary>
internal sealed partial record TaskResource(TaskResourceKind Kind, string Arn, string Service, string Action, string Pattern)
{
    private static readonly HashSet<string> s_dynamoDbActions = ["getItem", "putItem", "deleteItem", "updateItem"];

    /// <summary>What the history calls resourceType (e.g. "lambda", "sns", "aws-sdk:sqs").</summary>
    public string ResourceType => Kind == TaskResourceKind.AwsSdk ? $"aws-sdk:{Service}" : Service;

    /// <summary>What the history calls resource: the action plus the pattern suffix (e.g. "invoke", "sendMessage.waitForTaskToken").</summary>
    public string ResourceName => Pattern.Length == 0 ? Action : $"{Action}.{Pattern}";

    public static bool IsRecognised(string arn) => TryParse(arn, out _);

    public static bool TryParse(string arn, out TaskResource resource)
    {
        resource = null!;
        var lambda = LambdaArn().Match(arn);
        if (lambda.Success)
        {
            resource = new TaskResource(TaskResourceKind.LambdaFunction, arn, "lambda", "invoke", string.Empty);
            return true;
        }

        if (ActivityArn().IsMatch(arn))
        {
            resource = new TaskResource(TaskResourceKind.Activity, arn, "activity", "activity", string.Empty);
            return true;
        }

        var m = IntegrationArn().Match(arn);
        if (!m.Success)
        {
            return false;
        }

        var pattern = m.Groups["pattern"].Success ? m.Groups["pattern"].Value : string.Empty;
        if (m.Groups["sdk"].Success)
        {
            resource = new TaskResource(TaskResourceKind.AwsSdk, arn, m.Groups["sdkService"].Value, m.Groups["sdkAction"].Value, pattern);
            return true;
        }

        var service = m.Groups["service"].Value;
        var action = m.Groups["action"].Value;
        if (service == "dynamodb" && !s_dynamoDbActions.Contains(action))
        {
            return false;
        }

        resource = new TaskResource(TaskResourceKind.Integration, arn, service, action, pattern);
        return true;
    }

    [GeneratedRegex(@"^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$")]
    private static partial Regex LambdaArn();

    [GeneratedRegex(@"^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:activity:[A-Za-z0-9_.-]+$")]
    private static partial Regex ActivityArn();

    [GeneratedRegex(@"^arn:aws[a-z-]*:states:::(?:(?<sdk>aws-sdk):(?<sdkService>[a-z0-9]+):(?<sdkAction>[A-Za-z0-9]+)|(?<service>[a-z0-9-]+):(?<action>[A-Za-z0-9:-]+?))(?:\.(?<pattern>sync:2|sync|waitForTaskToken))?$")]
    private static partial Regex IntegrationArn();
}
