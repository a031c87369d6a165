namespace Sluice.Asl.Execution.DistributedMap;

/// <summary>A ResultWriter could not export the results; the map run fails with States.ResultWriterFailed and this cause.</summary>
internal sealed class ResultWriterException(string cause) : Exception(cause);
