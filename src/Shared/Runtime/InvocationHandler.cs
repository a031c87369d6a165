namespace Sluice.Shared.Runtime;

/// <summary>Handles one invocation's raw payload and returns the raw response payload.</summary>
public delegate Task<byte[]> InvocationHandler(Invocation invocation, LambdaContext context, CancellationToken cancellationToken);
