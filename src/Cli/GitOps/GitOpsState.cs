using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Sluice.Cli.GitOps;

/// <summary>
/// The state folder (default <c>.sluice/gitops</c>): the watch settings, one file per stage, each
/// commit's artifact record, the append-only log (JSON lines), the mirror, builds and step logs.
/// Files are replaced whole (write, then rename) so a crash never leaves half a record.
/// </summary>
internal sealed class GitOpsState(string folder)
{
    public string Folder => folder;

    public string Mirror => Path.Combine(folder, "repo.git");

    public string LogPath => Path.Combine(folder, "log.jsonl");

    public string CheckoutFolder(string sha) => Path.Combine(folder, "work", sha);

    public string BuildFolder(string key) => Path.Combine(folder, "builds", key);

    public string PackagedTemplate(string sha) => Path.Combine(folder, "artifacts", sha, "packaged.yaml");

    public string StepLog(string sha, string step) => Path.Combine(folder, "logs", $"{sha[..Math.Min(12, sha.Length)]}-{step}.log");

    public string LockPath(string name) => Path.Combine(folder, "locks", name + ".lock");

    public bool Exists => File.Exists(SettingsPath);

    private string SettingsPath => Path.Combine(folder, "watch.json");

    public WatchSettings Settings() =>
        Read(SettingsPath, GitOpsJsonContext.Default.WatchSettings)
        ?? throw new CliException($"no GitOps state in {folder}: start with 'sluice gitops watch --repo <path or URL>' (or pass --state <folder>)");

    public void Save(WatchSettings settings) => Write(SettingsPath, settings, GitOpsJsonContext.Default.WatchSettings);

    public StageRecord Stage(string stage) =>
        Read(StagePath(stage), GitOpsJsonContext.Default.StageRecord) ?? new StageRecord { Stage = stage };

    public void Save(StageRecord stage) => Write(StagePath(stage.Stage), stage, GitOpsJsonContext.Default.StageRecord);

    public ArtifactRecord? Artifact(string sha) => Read(Path.Combine(folder, "artifacts", sha, "artifact.json"), GitOpsJsonContext.Default.ArtifactRecord);

    public void Save(ArtifactRecord artifact) => Write(Path.Combine(folder, "artifacts", artifact.Commit, "artifact.json"), artifact, GitOpsJsonContext.Default.ArtifactRecord);

    /// <summary>Appends one entry to the log: one line, flushed to disk before returning.</summary>
    public void Append(LogEntry entry)
    {
        Directory.CreateDirectory(folder);
        var line = JsonSerializer.Serialize(entry, GitOpsJsonContext.Default.LogEntry) + "\n";
        using var stream = new FileStream(LogPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        var bytes = System.Text.Encoding.UTF8.GetBytes(line);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    public IReadOnlyList<LogEntry> Log()
    {
        if (!File.Exists(LogPath))
        {
            return [];
        }
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var entries = new List<LogEntry>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                entries.Add(JsonSerializer.Deserialize(line, GitOpsJsonContext.Default.LogEntry)!);
            }
        }
        return entries;
    }

    private string StagePath(string stage) => Path.Combine(folder, "stages", stage + ".json");

    private static T? Read<T>(string path, JsonTypeInfo<T> type) where T : class =>
        File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), type) : null;

    private static void Write<T>(string path, T value, JsonTypeInfo<T> type)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(value, type));
        File.Move(temporary, path, overwrite: true);
    }
}
