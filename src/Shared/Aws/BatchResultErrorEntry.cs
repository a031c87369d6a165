namespace Sluice.Shared.Aws;

/// <summary>A failed entry; <paramref name="SenderFault"/> is true when the entry itself was wrong (do not retry it unchanged).</summary>
public sealed record BatchResultErrorEntry(string Id, string Code, string? Message, bool SenderFault);
