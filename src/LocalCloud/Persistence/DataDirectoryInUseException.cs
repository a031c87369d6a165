namespace Sluice.LocalCloud.Persistence;

/// <summary>Another local cloud holds the data directory's store; two hosts never write one history.</summary>
public sealed class DataDirectoryInUseException(string message, Exception inner) : IOException(message, inner);
