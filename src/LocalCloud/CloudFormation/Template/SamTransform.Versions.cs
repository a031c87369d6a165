using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>
/// SAM's <c>AutoPublishAlias</c> and <c>DeploymentPreference</c>, with the logical ids SAM gives what
/// it generates: <c>&lt;Function&gt;Version&lt;hash&gt;</c> (an <c>AWS::Lambda::Version</c>, retained when
/// replaced, whose id changes when the code, environment or memory size does), <c>&lt;Function&gt;Alias&lt;name&gt;</c>
/// (an <c>AWS::Lambda::Alias</c> on that version, which the function's event sources invoke), and for a
/// deployment preference <c>ServerlessDeploymentApplication</c>, <c>CodeDeployServiceRole</c> and
/// <c>&lt;Function&gt;DeploymentGroup</c>, with the alias's <c>UpdatePolicy</c> naming them.
/// <c>!Ref Function.Alias</c> and <c>!Ref Function.Version</c> name the generated resources.
/// </summary>
internal static partial class SamTransform
{
    public const string DeploymentApplicationId = "ServerlessDeploymentApplication";
    public const string CodeDeployRoleId = "CodeDeployServiceRole";

    private static readonly string[] s_versioningKeys = ["AutoPublishAlias", "DeploymentPreference", "AutoPublishCodeSha256", "VersionDescription", "AutoPublishAliasAllProperties"];

    [GeneratedRegex("^(?!^[0-9]+$)([a-zA-Z0-9\\-_]+)$")]
    private static partial Regex AliasPattern();

    /// <summary>What AutoPublishAlias generated for one function: the ids <c>!Ref Function.Alias</c> / <c>.Version</c> name.</summary>
    internal sealed record Published(string AliasId, string VersionId);

    /// <summary>
    /// The version, alias and deployment resources of a function with <c>AutoPublishAlias</c>; null
    /// (and the properties untouched) for one without.
    /// </summary>
    private static (List<TemplateResource> Resources, Published Ids)? Versioning(string functionId, JsonObject properties, string? condition, string? deletionPolicy, bool applicationDeclared,
        IReadOnlyDictionary<string, JsonNode?> parameters)
    {
        var where = $"Resources.{functionId}.Properties";
        foreach (var key in new[] { "AutoPublishAlias", "AutoPublishCodeSha256" })
        {
            properties[key] = ParameterRefs(properties[key], parameters);
        }
        if (properties["DeploymentPreference"] is JsonObject preferenceToResolve)
        {
            properties["DeploymentPreference"] = ParameterRefs(preferenceToResolve, parameters);
        }
        if (properties["AutoPublishAlias"] is not { } aliasNode)
        {
            if (properties.ContainsKey("DeploymentPreference"))
            {
                throw new TemplateException($"{where}.DeploymentPreference: a deployment preference needs AutoPublishAlias (SAM: 'AutoPublishAlias' property is required when 'DeploymentPreference' is set)");
            }
            foreach (var key in s_versioningKeys)
            {
                properties.Remove(key);
            }
            return null;
        }
        var alias = aliasNode is JsonValue v && v.TryGetValue<string>(out var text)
            ? text
            : throw new TemplateException($"{where}.AutoPublishAlias: expected the alias name as a string");
        if (!AliasPattern().IsMatch(alias))
        {
            throw new TemplateException($"{where}.AutoPublishAlias: AutoPublishAlias name ('{alias}') must contain only alphanumeric characters, hyphens, or underscores matching (?!^[0-9]+$)([a-zA-Z0-9-_]+) pattern.");
        }
        var codeSha = TemplateValues.OptionalText(properties, "AutoPublishCodeSha256", where);
        var versionId = functionId + "Version" + (codeSha is { Length: > 0 } ? codeSha[..Math.Min(10, codeSha.Length)] : Hash(VersionData(properties, where)));
        var aliasId = functionId + "Alias" + alias.Replace("-", "D", StringComparison.Ordinal).Replace("_", "U", StringComparison.Ordinal);
        var versionProperties = new JsonObject { ["FunctionName"] = new JsonObject { ["Ref"] = functionId } };
        if (properties["VersionDescription"] is { } description)
        {
            versionProperties["Description"] = description.DeepClone();
        }
        var resources = new List<TemplateResource>
        {
            new(versionId, ResourceTypes.LambdaVersion, versionProperties, condition, [])
            {
                GeneratedFrom = $"SAM AutoPublishAlias of {functionId}",
                // SAM keeps every published version: a new one replaces it in the template, not in Lambda.
                DeletionPolicy = deletionPolicy ?? "Retain",
            },
        };
        JsonObject? updatePolicy = null;
        if (properties["DeploymentPreference"] is JsonObject preference && Enabled(preference, where))
        {
            resources.AddRange(Deployment(functionId, preference, condition, applicationDeclared, where));
            updatePolicy = new JsonObject
            {
                ["CodeDeployLambdaAliasUpdate"] = new JsonObject
                {
                    ["ApplicationName"] = new JsonObject { ["Ref"] = DeploymentApplicationId },
                    ["DeploymentGroupName"] = new JsonObject { ["Ref"] = functionId + "DeploymentGroup" },
                },
            };
        }
        else if (properties["DeploymentPreference"] is { } other and not JsonObject)
        {
            throw new TemplateException($"{where}.DeploymentPreference: expected a mapping, found {TemplateValues.Describe(other)}");
        }
        resources.Add(new TemplateResource(aliasId, ResourceTypes.LambdaAlias, new JsonObject
        {
            ["Name"] = alias,
            ["FunctionName"] = new JsonObject { ["Ref"] = functionId },
            ["FunctionVersion"] = new JsonObject { ["Fn::GetAtt"] = new JsonArray(versionId, "Version") },
        }, condition, [])
        {
            GeneratedFrom = $"SAM AutoPublishAlias of {functionId}",
            UpdatePolicy = updatePolicy,
        });
        foreach (var key in s_versioningKeys)
        {
            properties.Remove(key);
        }
        return (resources, new Published(aliasId, versionId));
    }

    private static bool Enabled(JsonObject preference, string where) => preference["Enabled"] switch
    {
        null => true,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) && bool.TryParse(s, out var b) => b,
        var other => throw new TemplateException($"{where}.DeploymentPreference.Enabled: expected true or false, found {TemplateValues.Describe(other)}"),
    };

    /// <summary>The CodeDeploy application (once per template), its service role and the function's deployment group, as SAM writes them.</summary>
    private static IEnumerable<TemplateResource> Deployment(string functionId, JsonObject preference, string? condition, bool applicationDeclared, string where)
    {
        var type = preference["Type"] ?? throw new TemplateException($"{where}.DeploymentPreference: Type is required (AllAtOnce, Canary10Percent5Minutes, Linear10PercentEvery1Minute, ...)");
        if (preference["Hooks"] is JsonObject { Count: > 0 })
        {
            throw new TemplateException($"{where}.DeploymentPreference.Hooks: the local cloud does not run CodeDeploy's PreTraffic/PostTraffic hooks (its CodeDeploy API is not served); remove Hooks for the local stage");
        }
        if (!applicationDeclared)
        {
            yield return new TemplateResource(DeploymentApplicationId, ResourceTypes.CodeDeployApplication, new JsonObject { ["ComputePlatform"] = "Lambda" }, null, [])
            {
                GeneratedFrom = $"SAM DeploymentPreference of {functionId}",
            };
        }
        var role = preference["Role"]?.DeepClone();
        if (role is null && !applicationDeclared)
        {
            yield return new TemplateResource(CodeDeployRoleId, ResourceTypes.Role, new JsonObject
            {
                ["AssumeRolePolicyDocument"] = JsonNode.Parse("""{"Version":"2012-10-17","Statement":[{"Action":["sts:AssumeRole"],"Effect":"Allow","Principal":{"Service":["codedeploy.amazonaws.com"]}}]}"""),
                ["ManagedPolicyArns"] = new JsonArray(new JsonObject { ["Fn::Sub"] = "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSCodeDeployRoleForLambda" }),
            }, null, [])
            {
                GeneratedFrom = $"SAM DeploymentPreference of {functionId}",
            };
        }
        var alarms = preference["Alarms"] switch
        {
            null => new JsonArray(),
            JsonArray list => new JsonArray([.. list.Select(a => (JsonNode)new JsonObject { ["Name"] = a?.DeepClone() })]),
            var other => throw new TemplateException($"{where}.DeploymentPreference.Alarms: expected a list, found {TemplateValues.Describe(other)}"),
        };
        var group = new JsonObject
        {
            ["ApplicationName"] = new JsonObject { ["Ref"] = DeploymentApplicationId },
            ["AutoRollbackConfiguration"] = JsonNode.Parse("""{"Enabled":true,"Events":["DEPLOYMENT_FAILURE","DEPLOYMENT_STOP_ON_ALARM","DEPLOYMENT_STOP_ON_REQUEST"]}"""),
            ["DeploymentConfigName"] = new JsonObject { ["Fn::Sub"] = new JsonArray("CodeDeployDefault.Lambda${ConfigName}", new JsonObject { ["ConfigName"] = type.DeepClone() }) },
            ["DeploymentStyle"] = JsonNode.Parse("""{"DeploymentType":"BLUE_GREEN","DeploymentOption":"WITH_TRAFFIC_CONTROL"}"""),
            ["ServiceRoleArn"] = role ?? new JsonObject { ["Fn::GetAtt"] = new JsonArray(CodeDeployRoleId, "Arn") },
        };
        if (alarms.Count > 0)
        {
            group["AlarmConfiguration"] = new JsonObject { ["Enabled"] = true, ["Alarms"] = alarms };
        }
        yield return new TemplateResource(functionId + "DeploymentGroup", ResourceTypes.CodeDeployDeploymentGroup, group, condition, [])
        {
            GeneratedFrom = $"SAM DeploymentPreference of {functionId}",
        };
    }

    /// <summary>What SAM hashes for a version's logical id: the function's Code, its Environment's members and its MemorySize.</summary>
    private static JsonObject VersionData(JsonObject properties, string where)
    {
        var data = new JsonObject();
        switch (properties["CodeUri"])
        {
            case JsonObject location:
                data["S3Bucket"] = location["Bucket"]?.DeepClone();
                data["S3Key"] = location["Key"]?.DeepClone();
                if (location["Version"] is { } version)
                {
                    data["S3ObjectVersion"] = version.DeepClone();
                }
                break;
            case JsonValue value when value.TryGetValue<string>(out var uri):
                if (uri.StartsWith("s3://", StringComparison.Ordinal) && uri.IndexOf('/', 5) is var slash and > 5)
                {
                    var key = uri[(slash + 1)..];
                    var query = key.IndexOf("?versionId=", StringComparison.Ordinal);
                    data["S3Bucket"] = uri[5..slash];
                    data["S3Key"] = query < 0 ? key : key[..query];
                    if (query >= 0)
                    {
                        data["S3ObjectVersion"] = key[(query + 11)..];
                    }
                }
                else
                {
                    // A project folder on this machine (the local cloud publishes it): its path stands for the code.
                    data["CodeUri"] = uri;
                }
                break;
            case null:
                throw new TemplateException($"{where}: CodeUri is required");
            default:
                data["CodeUri"] = properties["CodeUri"]!.DeepClone();
                break;
        }
        if (properties["Environment"] is JsonObject environment)
        {
            foreach (var (key, value) in environment)
            {
                data[key] = value?.DeepClone();
            }
        }
        if (properties["MemorySize"] is { } memory)
        {
            data["MemorySize"] = memory.DeepClone();
        }
        return data;
    }

    /// <summary>The first 10 hex digits of the SHA-1 of Python's <c>json.dumps(data, separators=(",", ":"), sort_keys=True)</c>, as SAM's LogicalIdGenerator.</summary>
    internal static string Hash(JsonNode data)
    {
        var text = new StringBuilder();
        PythonJson(data, text);
#pragma warning disable CA5350 // SHA-1 names a resource here, as SAM does; it protects nothing.
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..10];
#pragma warning restore CA5350
    }

    private static void PythonJson(JsonNode? node, StringBuilder text)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject o:
                text.Append('{');
                var first = true;
                foreach (var (key, value) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    text.Append(first ? "" : ",");
                    first = false;
                    PythonString(key, text);
                    text.Append(':');
                    PythonJson(value, text);
                }
                text.Append('}');
                break;
            case JsonArray a:
                text.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    text.Append(i == 0 ? "" : ",");
                    PythonJson(a[i], text);
                }
                text.Append(']');
                break;
            case JsonValue v when v.TryGetValue<string>(out var s):
                PythonString(s, text);
                break;
            case JsonValue v when v.TryGetValue<bool>(out var b):
                text.Append(b ? "true" : "false");
                break;
            default:
                text.Append(node.ToJsonString());
                break;
        }
    }

    /// <summary>A string as Python's json.dumps writes it (ensure_ascii): non-ASCII as \uXXXX in lower-case hex.</summary>
    private static void PythonString(string s, StringBuilder text)
    {
        text.Append('"');
        foreach (var c in s)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                < ' ' or > '~' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        text.Append('"');
    }

    /// <summary>A copy of <paramref name="node"/> with every <c>{"Ref": parameter}</c> replaced by the parameter's value, as SAM's resolve_parameter_refs.</summary>
    private static JsonNode? ParameterRefs(JsonNode? node, IReadOnlyDictionary<string, JsonNode?> parameters) => node switch
    {
        JsonObject o when o.Count == 1 && o["Ref"] is JsonValue r && r.TryGetValue<string>(out var name) && parameters.TryGetValue(name, out var value) => value?.DeepClone(),
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, ParameterRefs(p.Value, parameters)))),
        JsonArray a => new JsonArray([.. a.Select(n => ParameterRefs(n, parameters))]),
        _ => node?.DeepClone(),
    };

    /// <summary>Rewrites <c>{"Ref": "Function.Alias"}</c> and <c>{"Ref": "Function.Version"}</c> to the generated resources, everywhere in <paramref name="node"/>.</summary>
    private static void RewriteReferences(JsonNode? node, IReadOnlyDictionary<string, Published> published)
    {
        switch (node)
        {
            case JsonObject o:
                if (o.Count == 1 && o["Ref"] is JsonValue r && r.TryGetValue<string>(out var target) && target.LastIndexOf('.') is var dot and > 0
                    && published.TryGetValue(target[..dot], out var ids) && target[(dot + 1)..] is "Alias" or "Version")
                {
                    o["Ref"] = target.EndsWith(".Alias", StringComparison.Ordinal) ? ids.AliasId : ids.VersionId;
                    return;
                }
                foreach (var (_, value) in o.ToList())
                {
                    RewriteReferences(value, published);
                }
                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    RewriteReferences(item, published);
                }
                break;
        }
    }
}
