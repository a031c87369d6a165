using Sluice.Shared;

namespace Sluice.Cli.Connection;

/// <summary>
/// Reads a profile from the shared files as the AWS CLI does: <c>~/.aws/credentials</c> sections are
/// <c>[name]</c>, <c>~/.aws/config</c> sections are <c>[profile name]</c> (or <c>[default]</c>); the
/// credentials file wins for keys; <c>AWS_SHARED_CREDENTIALS_FILE</c> and <c>AWS_CONFIG_FILE</c> move
/// the files. Only static keys are supported (no SSO, role assumption or credential_process).
/// </summary>
internal static class AwsProfileReader
{
    public static AwsProfile? Read(string name, IEnvironmentVariables environment)
    {
        var home = environment.Get("HOME") ?? environment.Get("USERPROFILE") ?? string.Empty;
        var credentialsPath = environment.Get("AWS_SHARED_CREDENTIALS_FILE") ?? Path.Combine(home, ".aws", "credentials");
        var configPath = environment.Get("AWS_CONFIG_FILE") ?? Path.Combine(home, ".aws", "config");
        var credentials = Section(credentialsPath, name);
        var config = Section(configPath, name == "default" ? "default" : "profile " + name);
        if (credentials is null && config is null)
        {
            return null;
        }

        string? Get(string key) =>
            credentials is not null && credentials.TryGetValue(key, out var c) ? c
            : config is not null && config.TryGetValue(key, out var v) ? v
            : null;

        return new AwsProfile(name, Get("aws_access_key_id"), Get("aws_secret_access_key"), Get("aws_session_token"), Get("region"));
    }

    /// <summary>The keys of one INI section; null when the file or the section is absent.</summary>
    internal static Dictionary<string, string>? Section(string path, string section)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        Dictionary<string, string>? found = null;
        var inSection = false;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[' && line[^1] == ']')
            {
                var title = string.Join(' ', line[1..^1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
                inSection = title == section;
                if (inSection)
                {
                    found ??= new Dictionary<string, string>(StringComparer.Ordinal);
                }

                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (inSection && equals > 0)
            {
                found![line[..equals].Trim().ToLowerInvariant()] = line[(equals + 1)..].Trim();
            }
        }

        return found;
    }
}
