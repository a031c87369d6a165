using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Sluice.LocalCloud.Lambda.Runtime;

namespace Sluice.LocalCloud.Lambda;

/// <summary>
/// Versions and aliases, as Lambda has them: PublishVersion freezes <c>$LATEST</c>'s code and
/// configuration as the next number (nothing new is published when nothing changed since the last
/// version); an alias names one version, or two with a weight for the second, and each invocation
/// through it picks one of the two at that weight. A qualifier in a name or ARN
/// (<c>name:3</c>, <c>name:live</c>) resolves to what it names, at the moment of each invocation.
/// </summary>
internal sealed partial class LambdaService
{
    private readonly ConcurrentDictionary<string, FunctionVersions> _versions = new(StringComparer.Ordinal);

    [GeneratedRegex("^(?!^[0-9]+$)([a-zA-Z0-9-_]+)$")]
    private static partial Regex AliasNamePattern();

    /// <summary>What a qualified name resolved to: the version that runs and the ARN it was invoked by.</summary>
    internal readonly record struct Target(LambdaFunction Function, string InvokedArn, string? Alias);

    /// <summary>The published versions and aliases of one function name.</summary>
    private sealed class FunctionVersions
    {
        public List<LambdaFunction> Published { get; } = [];

        /// <summary>The <c>$LATEST</c> the newest version was published from: unchanged since, PublishVersion answers that version again.</summary>
        public LambdaFunction? PublishedFrom { get; set; }

        public SortedDictionary<string, FunctionAlias> Aliases { get; } = new(StringComparer.Ordinal);
    }

    private FunctionVersions VersionsOf(string name) => _versions.GetOrAdd(name, static _ => new FunctionVersions());

    private string UnqualifiedArn(string name) => $"arn:{Options.Partition}:lambda:{Options.Region}:{Options.AccountId}:function:{name}";

    /// <summary>
    /// PublishVersion: a new version from <c>$LATEST</c>, or the newest version when <c>$LATEST</c> has
    /// not changed since it was published. <paramref name="codeSha256"/> and <paramref name="revisionId"/>,
    /// when given, must match <c>$LATEST</c>'s, as on AWS.
    /// </summary>
    public LambdaFunction PublishVersion(string functionName, string? codeSha256 = null, string? description = null, string? revisionId = null)
    {
        var latest = Function(functionName);
        if (latest.Version != LambdaFunction.Latest)
        {
            throw LambdaErrors.InvalidParameter($"Version can only be published from $LATEST, not {latest.Version}.");
        }
        var name = latest.Definition.FunctionName;
        if (revisionId is not null && revisionId != RevisionId(latest))
        {
            throw LambdaErrors.PreconditionFailed("The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
        }
        if (codeSha256 is not null && CodeSha256(latest) is var current && codeSha256 != current)
        {
            throw LambdaErrors.InvalidParameter($"CodeSHA256 ({codeSha256}) is different from current CodeSHA256 in $LATEST ({current}). Please try again with the current CodeSHA256.");
        }
        var versions = VersionsOf(name);
        LambdaFunction published;
        lock (versions)
        {
            if (ReferenceEquals(versions.PublishedFrom, latest) && versions.Published.Count > 0)
            {
                return versions.Published[^1];
            }
            var number = (versions.Published.Count == 0 ? 1 : int.Parse(versions.Published[^1].Version, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
            published = new LambdaFunction(latest.Definition, Platform, Options.Clock.GetUtcNow(), latest, number, description ?? "");
            versions.Published.Add(published);
            versions.PublishedFrom = latest;
        }
        Save(name);
        return published;
    }

    public IReadOnlyList<InvocationRecord> Invocations(string functionName) => Function(functionName).Records();

    (string Version, string Arn) ILambdaControlPlane.PublishVersion(string functionName, string? codeSha256, string? description)
    {
        var published = PublishVersion(functionName, codeSha256, description);
        return (published.Version, published.Arn);
    }

    /// <summary>ListVersionsByFunction: <c>$LATEST</c> first, then the versions in order.</summary>
    public IReadOnlyList<LambdaFunction> Versions(string functionName)
    {
        var name = Function(functionName).Definition.FunctionName;
        var own = TryFunction(name) ?? throw LambdaErrors.FunctionNotFound(UnqualifiedArn(name));
        var versions = VersionsOf(name);
        lock (versions)
        {
            return [own, .. versions.Published];
        }
    }

    /// <summary>DeleteFunction with a version qualifier: refused while an alias routes to it.</summary>
    public void DeleteVersion(string functionName, string version)
    {
        var name = Function(functionName).Definition.FunctionName;
        var versions = VersionsOf(name);
        LambdaFunction removed;
        lock (versions)
        {
            var index = versions.Published.FindIndex(v => v.Version == version);
            if (index < 0)
            {
                throw LambdaErrors.FunctionNotFound($"{UnqualifiedArn(name)}:{version}");
            }
            var using_ = versions.Aliases.Values.Where(a => a.FunctionVersion == version || a.AdditionalVersion == version).Select(a => a.Name).ToList();
            if (using_.Count > 0)
            {
                throw LambdaErrors.Conflict($"Unable to delete version because the following aliases reference it: [{string.Join(", ", using_)}]");
            }
            removed = versions.Published[index];
            versions.Published.RemoveAt(index);
            if (ReferenceEquals(versions.PublishedFrom, TryFunction(name)) && index == versions.Published.Count)
            {
                // The newest version is gone: the next PublishVersion publishes $LATEST again, under a new number.
                versions.PublishedFrom = null;
            }
        }
        Save(name);
        removed.RetireWhenIdle();
    }

    public FunctionAlias CreateAlias(string functionName, string aliasName, string functionVersion, string? description, IReadOnlyDictionary<string, double>? weights)
    {
        var name = Function(functionName).Definition.FunctionName;
        ValidateAliasName(aliasName);
        var versions = VersionsOf(name);
        lock (versions)
        {
            var alias = NewAlias(name, versions, aliasName, functionVersion, description ?? "", weights);
            if (!versions.Aliases.TryAdd(aliasName, alias))
            {
                throw LambdaErrors.Conflict($"Alias already exists: {alias.Arn}");
            }
            Save(name);
            return alias;
        }
    }

    /// <summary>UpdateAlias: each setting left null keeps its value; weights given as an empty map remove the routing.</summary>
    public FunctionAlias UpdateAlias(string functionName, string aliasName, string? functionVersion, string? description, IReadOnlyDictionary<string, double>? weights, string? revisionId)
    {
        var name = Function(functionName).Definition.FunctionName;
        var versions = VersionsOf(name);
        lock (versions)
        {
            var current = versions.Aliases.GetValueOrDefault(aliasName) ?? throw LambdaErrors.AliasNotFound($"{UnqualifiedArn(name)}:{aliasName}");
            if (revisionId is not null && revisionId != current.RevisionId)
            {
                throw LambdaErrors.PreconditionFailed("The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
            }
            var routing = weights ?? (current.AdditionalVersion is { } extra ? new Dictionary<string, double> { [extra] = current.AdditionalWeight } : null);
            var alias = NewAlias(name, versions, aliasName, functionVersion ?? current.FunctionVersion, description ?? current.Description, routing);
            versions.Aliases[aliasName] = alias;
            Save(name);
            return alias;
        }
    }

    public FunctionAlias GetAlias(string functionName, string aliasName)
    {
        var name = Function(functionName).Definition.FunctionName;
        var versions = VersionsOf(name);
        lock (versions)
        {
            return versions.Aliases.GetValueOrDefault(aliasName) ?? throw LambdaErrors.AliasNotFound($"{UnqualifiedArn(name)}:{aliasName}");
        }
    }

    /// <summary>ListAliases, optionally only the aliases that route to <paramref name="functionVersion"/>.</summary>
    public IReadOnlyList<FunctionAlias> Aliases(string functionName, string? functionVersion = null)
    {
        var name = Function(functionName).Definition.FunctionName;
        var versions = VersionsOf(name);
        lock (versions)
        {
            return versions.Aliases.Values
                .Where(a => functionVersion is null || a.FunctionVersion == functionVersion || a.AdditionalVersion == functionVersion)
                .ToList();
        }
    }

    /// <summary>DeleteAlias: an alias that does not exist is not an error (Lambda answers 204 either way).</summary>
    public void DeleteAlias(string functionName, string aliasName)
    {
        var name = Function(functionName).Definition.FunctionName;
        var versions = VersionsOf(name);
        lock (versions)
        {
            if (versions.Aliases.Remove(aliasName))
            {
                Save(name);
            }
        }
    }

    private FunctionAlias NewAlias(string name, FunctionVersions versions, string aliasName, string functionVersion, string description, IReadOnlyDictionary<string, double>? weights)
    {
        if (description.Length > 256)
        {
            throw LambdaErrors.InvalidParameter($"1 validation error detected: Value '{description}' at 'description' failed to satisfy constraint: Member must have length less than or equal to 256");
        }
        RequireVersion(name, versions, functionVersion);
        string? extra = null;
        double weight = 0;
        if (weights is { Count: > 0 })
        {
            if (weights.Count > 1)
            {
                throw LambdaErrors.InvalidParameter("Number of items in AdditionalVersionWeights cannot be greater than 1");
            }
            (extra, weight) = weights.Single();
            if (!extra.All(char.IsAsciiDigit) || extra.Length == 0)
            {
                throw LambdaErrors.InvalidParameter($"1 validation error detected: Value '{extra}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [0-9]+]");
            }
            if (double.IsNaN(weight) || weight is < 0.0 or > 1.0)
            {
                throw LambdaErrors.InvalidParameter($"1 validation error detected: Value '{weight.ToString(CultureInfo.InvariantCulture)}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0]");
            }
            if (functionVersion == LambdaFunction.Latest)
            {
                throw LambdaErrors.InvalidParameter("$LATEST is not supported for an alias pointing to more than 1 version");
            }
            if (extra == functionVersion)
            {
                throw LambdaErrors.InvalidParameter($"Invalid function version {extra}. Function version {extra} is already included in routing configuration.");
            }
            RequireVersion(name, versions, extra);
        }
        var arn = $"{UnqualifiedArn(name)}:{aliasName}";
        var revision = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"{arn}|{functionVersion}|{extra}|{weight.ToString("R", CultureInfo.InvariantCulture)}|{description}|{Options.Clock.GetUtcNow().Ticks.ToString(CultureInfo.InvariantCulture)}")).AsSpan(0, 16)).ToString();
        return new FunctionAlias(aliasName, arn, functionVersion, description, extra, weight, revision);
    }

    private void RequireVersion(string name, FunctionVersions versions, string version)
    {
        if (version != LambdaFunction.Latest && !versions.Published.Exists(v => v.Version == version))
        {
            throw LambdaErrors.FunctionNotFound($"{UnqualifiedArn(name)}:{version}");
        }
    }

    private static void ValidateAliasName(string aliasName)
    {
        if (aliasName.Length is < 1 or > 128 || !AliasNamePattern().IsMatch(aliasName))
        {
            throw LambdaErrors.InvalidParameter($"1 validation error detected: Value '{aliasName}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)");
        }
    }

    /// <summary>
    /// What a name, <c>name:qualifier</c> or ARN invokes now: <c>$LATEST</c>, a version, or an alias's
    /// version (the additional one at its weight; without <paramref name="route"/>, always the alias's own version).
    /// </summary>
    public Target Resolve(string nameOrArn, bool route = true)
    {
        var (name, qualifier) = SplitQualifier(nameOrArn);
        var arn = UnqualifiedArn(name);
        var latest = _functions.TryGetValue(name, out var f) ? f : throw LambdaErrors.FunctionNotFound(qualifier is null ? arn : $"{arn}:{qualifier}");
        if (qualifier is null or LambdaFunction.Latest)
        {
            return new Target(latest, qualifier is null ? arn : $"{arn}:{qualifier}", null);
        }
        var versions = VersionsOf(name);
        lock (versions)
        {
            if (qualifier.All(char.IsAsciiDigit))
            {
                var version = versions.Published.Find(v => v.Version == qualifier) ?? throw LambdaErrors.FunctionNotFound($"{arn}:{qualifier}");
                return new Target(version, version.Arn, null);
            }
            var alias = versions.Aliases.GetValueOrDefault(qualifier) ?? throw LambdaErrors.FunctionNotFound($"{arn}:{qualifier}");
            var chosen = route && alias.AdditionalVersion is { } extra && Random.Shared.NextDouble() < alias.AdditionalWeight ? extra : alias.FunctionVersion;
            var target = chosen == LambdaFunction.Latest ? latest : versions.Published.Find(v => v.Version == chosen) ?? throw LambdaErrors.FunctionNotFound($"{arn}:{chosen}");
            return new Target(target, alias.Arn, alias.Name);
        }
    }

    /// <summary>The ARN of a name, <c>name:qualifier</c> or ARN, with its qualifier if it has one.</summary>
    public string QualifiedArn(string nameOrArn)
    {
        var (name, qualifier) = SplitQualifier(nameOrArn);
        return qualifier is null ? UnqualifiedArn(name) : $"{UnqualifiedArn(name)}:{qualifier}";
    }

    /// <summary>Splits <c>name</c>, <c>name:qualifier</c> or a function ARN into the name and its qualifier.</summary>
    private (string Name, string? Qualifier) SplitQualifier(string nameOrArn)
    {
        if (nameOrArn.StartsWith("arn:", StringComparison.Ordinal))
        {
            var parts = nameOrArn.Split(':');
            if (parts.Length is < 7 or > 8 || parts[2] != "lambda" || parts[5] != "function")
            {
                throw LambdaErrors.InvalidParameter($"1 validation error detected: Value '{nameOrArn}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{{2}}(-gov)?-[a-z]+-\\d{{1}}:)?(\\d{{12}}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?");
            }
            return (parts[6], parts.Length == 8 ? parts[7] : null);
        }
        return nameOrArn.IndexOf(':', StringComparison.Ordinal) is var colon and > 0
            ? (nameOrArn[..colon], nameOrArn[(colon + 1)..])
            : (nameOrArn, null);
    }

    /// <summary>The RevisionId GetFunction answers for this version of the function.</summary>
    internal static string RevisionId(LambdaFunction function) =>
        new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(function.Arn + function.Created.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture))).AsSpan(0, 16)).ToString();

    /// <summary>Base64 SHA-256 of the published bootstrap, as CodeSha256; empty until it is published.</summary>
    internal static string CodeSha256(LambdaFunction function)
    {
        if (!function.Bootstrap.IsCompletedSuccessfully || !File.Exists(function.Bootstrap.Result))
        {
            return "";
        }
        using var stream = File.OpenRead(function.Bootstrap.Result);
        return Convert.ToBase64String(SHA256.HashData(stream));
    }
}

/// <summary>A function alias: the version it names, and optionally a second version with the share of invocations it takes.</summary>
internal sealed record FunctionAlias(string Name, string Arn, string FunctionVersion, string Description, string? AdditionalVersion, double AdditionalWeight, string RevisionId);
