namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>A template the local cloud cannot load as written; the message names the resource, property or function.</summary>
internal sealed class TemplateException(string message) : Exception(message);
