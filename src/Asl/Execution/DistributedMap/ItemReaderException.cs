namespace Sluice.Asl.Execution.DistributedMap;

/// <summary>An ItemReader could not turn its source into items; the map run fails with States.ItemReaderFailed and this cause.</summary>
internal sealed class ItemReaderException(string cause) : Exception(cause);
