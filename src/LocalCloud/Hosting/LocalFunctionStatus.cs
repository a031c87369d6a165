namespace Sluice.LocalCloud.Hosting;

/// <summary>
/// One function of the host's Lambda, as an embedding program sees it: its code folder, the task that
/// completes when its bootstrap is built (faults with the build's error), and its invocations so far.
/// </summary>
public sealed record LocalFunctionStatus(string FunctionName, string CodeDirectory, Task Ready, int Invocations, int ColdStarts);
