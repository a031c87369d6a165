using System.Globalization;
using System.Text.Json;
using Sluice.LocalCloud.Lambda.Runtime;

namespace Sluice.LocalCloud.Lambda.Api;

/// <summary>A function's <c>FunctionConfiguration</c>, as GetFunction and ListFunctions answer it.</summary>
internal static class FunctionConfiguration
{
    /// <param name="listed">As ListVersionsByFunction lists it: <c>$LATEST</c> with its qualified ARN too.</param>
    public static void Write(Utf8JsonWriter w, LambdaFunction function, bool listed = false)
    {
        var d = function.Definition;
        var (size, sha) = Code(function);
        w.WriteStartObject();
        w.WriteString("FunctionName", d.FunctionName);
        w.WriteString("FunctionArn", listed ? $"{d.FunctionArn}:{function.Version}" : function.Arn);
        w.WriteString("Runtime", d.Runtime);
        w.WriteString("Role", d.RoleArn);
        w.WriteString("Handler", d.Handler);
        w.WriteNumber("CodeSize", size);
        // A published version's own description, or the function's it was published with.
        w.WriteString("Description", function.Version == LambdaFunction.Latest || function.Description.Length == 0 ? d.Description : function.Description);
        w.WriteNumber("Timeout", d.TimeoutSeconds);
        w.WriteNumber("MemorySize", d.MemorySizeMb);
        w.WriteString("LastModified", function.Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture));
        w.WriteString("CodeSha256", sha);
        w.WriteString("Version", function.Version);
        w.WriteStartObject("Environment");
        w.WriteStartObject("Variables");
        foreach (var (key, value) in d.Environment)
        {
            w.WriteString(key, value);
        }
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("TracingConfig");
        w.WriteString("Mode", "PassThrough");
        w.WriteEndObject();
        w.WriteString("RevisionId", LambdaService.RevisionId(function));
        w.WriteString("State", "Active");
        w.WriteString("LastUpdateStatus", "Successful");
        w.WriteString("PackageType", "Zip");
        w.WriteStartArray("Architectures");
        w.WriteStringValue(d.Architecture);
        w.WriteEndArray();
        w.WriteStartObject("EphemeralStorage");
        w.WriteNumber("Size", 512);
        w.WriteEndObject();
        w.WriteStartObject("SnapStart");
        w.WriteString("ApplyOn", "None");
        w.WriteString("OptimizationStatus", "Off");
        w.WriteEndObject();
        w.WriteStartObject("LoggingConfig");
        w.WriteString("LogFormat", "Text");
        w.WriteString("LogGroup", d.LogGroupName);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Size and SHA-256 of the published bootstrap; zero and empty until it is published.</summary>
    private static (long Size, string Sha256) Code(LambdaFunction function)
    {
        var sha = LambdaService.CodeSha256(function);
        return (sha.Length == 0 ? 0 : new FileInfo(function.Bootstrap.Result).Length, sha);
    }
}
