using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.CloudFormation;

/// <summary>CloudFormation's error codes and messages, as AWS words them.</summary>
internal static class CloudFormationErrors
{
    public static AwsServiceException Validation(string message) => new("ValidationError", message);

    /// <summary>A template CloudFormation refuses: evaluation errors keep their "Template error:", the rest are format errors.</summary>
    public static AwsServiceException Template(Template.TemplateException e) =>
        Validation(e.Message.StartsWith("Template error: ", StringComparison.Ordinal) ? e.Message : "Template format error: " + e.Message);

    public static AwsServiceException StackNotFound(string nameOrId) => Validation($"Stack with id {nameOrId} does not exist");

    public static AwsServiceException AlreadyExists(string name) => new("AlreadyExistsException", $"Stack [{name}] already exists");

    public static AwsServiceException Capabilities(IEnumerable<string> required) =>
        new("InsufficientCapabilitiesException", $"Requires capabilities : [{string.Join(", ", required)}]");

    public static AwsServiceException ChangeSetNotFound(string name) => new("ChangeSetNotFound", $"ChangeSet [{name}] does not exist", 404);

    public static AwsServiceException InvalidChangeSetStatus(string id, string status) =>
        new("InvalidChangeSetStatus", $"ChangeSet [{id}] cannot be executed in its current status of [{status}]");

    public const string NoUpdates = "No updates are to be performed.";

    public const string NoChanges = "The submitted information didn't contain changes. Submit different information to create a change set.";
}
