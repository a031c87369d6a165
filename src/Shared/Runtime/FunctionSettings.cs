namespace Sluice.Shared.Runtime;

/// <summary>The function's settings that Lambda puts in the environment of every execution environment.</summary>
public sealed record FunctionSettings(string FunctionName, string FunctionVersion, int MemorySizeMb, string? LogGroupName)
{
    public static FunctionSettings FromEnvironment(IEnvironmentVariables env)
    {
        var memory = int.TryParse(env.Get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), out var mb) ? mb : 0;
        return new FunctionSettings(
            env.Get("AWS_LAMBDA_FUNCTION_NAME") ?? "local",
            env.Get("AWS_LAMBDA_FUNCTION_VERSION") ?? "$LATEST",
            memory,
            env.Get("AWS_LAMBDA_LOG_GROUP_NAME"));
    }
}
