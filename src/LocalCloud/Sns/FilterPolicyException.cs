namespace Sluice.LocalCloud.Sns;

/// <summary>A filter policy AWS would refuse; the message is AWS's reason text.</summary>
internal sealed class FilterPolicyException(string reason) : Exception(reason);
