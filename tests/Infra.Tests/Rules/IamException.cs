namespace Sluice.Infra.Tests.Rules;

/// <summary>A policy statement allowed to name <c>"*"</c> as its resource, and why AWS leaves no narrower choice.</summary>
internal sealed record IamException(string Template, string LogicalId, string Sid, string Reason);
