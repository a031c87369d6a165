using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Sluice.LocalCloud.Kms;

/// <summary>
/// AWS KMS of one region, for what the project's stack needs of it: keys (symmetric and HMAC), aliases,
/// tags, enable/disable and scheduled deletion, and the HMAC operations GenerateMac and VerifyMac
/// (RFC 2104, as KMS computes them). Key material is random and never leaves the service (on a data
/// directory it is kept in the store, so signatures made before a restart still verify).
/// </summary>
internal sealed partial class KmsService
{
    private static readonly string[] s_specs = ["SYMMETRIC_DEFAULT", "HMAC_256", "HMAC_384", "HMAC_512"];
    private static readonly string[] s_macAlgorithms = ["HMAC_SHA_224", "HMAC_SHA_256", "HMAC_SHA_384", "HMAC_SHA_512"];

    private readonly Dictionary<string, KmsKey> _keys = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly SortedDictionary<string, string> _aliases = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly KmsOptions _options;

    /// <summary>The data directory's store every change is written to first; null keeps KMS in memory.</summary>
    private readonly Persistence.DurableStore? _store;

    public KmsService(KmsOptions options, Persistence.DurableStore? store = null)
    {
        _options = options;
        _store = store;
        if (store is not null)
        {
            var (keys, aliases) = store.LoadKms(options.Region);
            foreach (var key in keys)
            {
                _keys.Add(key.Id, key);
                _order.Add(key.Id);
            }
            foreach (var (name, keyId) in aliases)
            {
                _aliases[name] = keyId;
            }
        }
    }

    public KmsOptions Options => _options;

    private string Prefix => $"arn:{_options.Partition}:kms:{_options.Region}:{_options.AccountId}:";

    public KmsKey CreateKey(string? keySpec, string? keyUsage, string? description, IReadOnlyDictionary<string, string>? tags = null)
    {
        var spec = keySpec ?? "SYMMETRIC_DEFAULT";
        if (!s_specs.Contains(spec, StringComparer.Ordinal))
        {
            throw spec is "HMAC_224" or "RSA_2048" or "RSA_3072" or "RSA_4096" or "ECC_NIST_P256" or "ECC_NIST_P384" or "ECC_NIST_P521" or "ECC_SECG_P256K1" or "SM2"
                    or "ML_DSA_44" or "ML_DSA_65" or "ML_DSA_87" or "ECC_NIST_EDWARDS25519"
                ? new Protocol.AwsServiceException("UnsupportedOperationException", $"KeySpec {spec} is not served by the local cloud (it serves SYMMETRIC_DEFAULT, HMAC_256, HMAC_384 and HMAC_512).")
                : KmsErrors.Constraint("keySpec", spec, "Member must satisfy enum value set: [RSA_2048, ECC_NIST_P384, ECC_NIST_P256, ECC_NIST_P521, HMAC_384, RSA_3072, ECC_NIST_P521, ECC_SECG_P256K1, RSA_4096, SYMMETRIC_DEFAULT, HMAC_256, HMAC_224, SM2, HMAC_512]");
        }
        var hmac = spec.StartsWith("HMAC_", StringComparison.Ordinal);
        var usage = keyUsage ?? (hmac ? null : "ENCRYPT_DECRYPT");
        if (usage is not ("ENCRYPT_DECRYPT" or "GENERATE_VERIFY_MAC" or "SIGN_VERIFY" or "KEY_AGREEMENT" or null))
        {
            throw KmsErrors.Constraint("keyUsage", usage, "Member must satisfy enum value set: [ENCRYPT_DECRYPT, SIGN_VERIFY, GENERATE_VERIFY_MAC, KEY_AGREEMENT]");
        }
        if (hmac && usage != "GENERATE_VERIFY_MAC")
        {
            throw Protocol.AwsServiceException.Validation($"You must specify a KeyUsage value of GENERATE_VERIFY_MAC for HMAC KMS keys. KeyUsage: {usage ?? "null"}, KeySpec: {spec}");
        }
        if (!hmac && usage != "ENCRYPT_DECRYPT")
        {
            throw Protocol.AwsServiceException.Validation($"KeyUsage {usage} is not compatible with KeySpec {spec}");
        }
        if (description is { Length: > 8192 })
        {
            throw KmsErrors.Constraint("description", description, "Member must have length less than or equal to 8192");
        }
        var length = spec switch
        {
            "HMAC_384" => 48,
            "HMAC_512" => 64,
            _ => 32,
        };
        var id = Guid.NewGuid().ToString();
        var key = new KmsKey(id, Prefix + "key/" + id, spec, usage!, _options.Clock.GetUtcNow(), RandomNumberGenerator.GetBytes(length))
        {
            Description = description ?? "",
        };
        foreach (var (k, v) in tags ?? new Dictionary<string, string>())
        {
            key.Tags[k] = v;
        }
        lock (_gate)
        {
            _store?.SaveKmsKey(_options.Region, key);
            _keys.Add(id, key);
            _order.Add(id);
        }
        return key;
    }

    /// <summary>The key a key id, key ARN, alias name or alias ARN names (<paramref name="aliases"/> false: ids and ARNs only).</summary>
    public KmsKey Key(string? keyId, bool aliases = true)
    {
        if (string.IsNullOrEmpty(keyId))
        {
            throw KmsErrors.Missing("keyId");
        }
        lock (_gate)
        {
            var alias = keyId.StartsWith("alias/", StringComparison.Ordinal) ? keyId
                : keyId.StartsWith(Prefix + "alias/", StringComparison.Ordinal) ? keyId[Prefix.Length..]
                : null;
            if (alias is not null)
            {
                if (!aliases)
                {
                    throw KmsErrors.KeyNotFound(keyId);
                }
                return _aliases.TryGetValue(alias, out var target) && _keys.TryGetValue(target, out var aliased)
                    ? aliased
                    : throw KmsErrors.AliasNotFound(Prefix + alias);
            }
            var id = keyId;
            if (keyId.StartsWith("arn:", StringComparison.Ordinal))
            {
                if (!keyId.StartsWith(Prefix + "key/", StringComparison.Ordinal))
                {
                    throw keyId.Split(':').Length < 6 ? KmsErrors.InvalidArn(keyId) : KmsErrors.KeyNotFound(keyId);
                }
                id = keyId[(Prefix.Length + 4)..];
            }
            return _keys.TryGetValue(id, out var key) ? key : throw KmsErrors.KeyNotFound(Prefix + "key/" + id);
        }
    }

    public (IReadOnlyList<KmsKey> Keys, string? Next) ListKeys(int? limit, string? marker)
    {
        var size = Limit(limit);
        lock (_gate)
        {
            var start = Start(marker, _order.Count);
            var page = _order.Skip(start).Take(size).Select(id => _keys[id]).ToList();
            return (page, start + size < _order.Count ? (start + size).ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
        }
    }

    public void EnableKey(string? keyId) => Change(keyId, k => k.Enabled = true);

    public void DisableKey(string? keyId) => Change(keyId, k => k.Enabled = false);

    public void UpdateKeyDescription(string? keyId, string? description) => Change(keyId, k => k.Description = description ?? throw KmsErrors.Missing("description"));

    /// <summary>Schedules deletion after the waiting period (7 to 30 days, 30 by default); the key refuses every use meanwhile.</summary>
    public KmsKey ScheduleKeyDeletion(string? keyId, int? pendingWindowInDays)
    {
        var days = pendingWindowInDays ?? 30;
        if (days is < 7 or > 30)
        {
            throw KmsErrors.Constraint("pendingWindowInDays", days.ToString(System.Globalization.CultureInfo.InvariantCulture), days < 7 ? "Member must have value greater than or equal to 7" : "Member must have value less than or equal to 30");
        }
        var key = Key(keyId, aliases: false);
        lock (_gate)
        {
            if (key.DeletionDate is not null)
            {
                throw KmsErrors.PendingDeletion(key.Arn);
            }
            var deletion = _options.Clock.GetUtcNow().AddDays(days);
            Mutate(key, k =>
            {
                k.DeletionDate = deletion;
                k.PendingWindowInDays = days;
            });
            return key;
        }
    }

    public KmsKey CancelKeyDeletion(string? keyId)
    {
        var key = Key(keyId, aliases: false);
        lock (_gate)
        {
            if (key.DeletionDate is null)
            {
                throw KmsErrors.InvalidState($"{key.Arn} is not pending deletion.");
            }
            Mutate(key, k =>
            {
                k.DeletionDate = null;
                k.PendingWindowInDays = null;
                k.Enabled = false; // as in AWS: a key whose deletion is cancelled comes back disabled
            });
            return key;
        }
    }

    public void CreateAlias(string? aliasName, string? targetKeyId)
    {
        var name = CheckAlias(aliasName);
        var key = Key(targetKeyId, aliases: false);
        lock (_gate)
        {
            if (_aliases.ContainsKey(name))
            {
                throw KmsErrors.AliasExists(Prefix + name);
            }
            _store?.SaveKmsAlias(_options.Region, name, key.Id);
            _aliases[name] = key.Id;
        }
    }

    public void UpdateAlias(string? aliasName, string? targetKeyId)
    {
        var name = CheckAlias(aliasName);
        var key = Key(targetKeyId, aliases: false);
        lock (_gate)
        {
            if (!_aliases.ContainsKey(name))
            {
                throw KmsErrors.AliasNotFound(Prefix + name);
            }
            _store?.SaveKmsAlias(_options.Region, name, key.Id);
            _aliases[name] = key.Id;
        }
    }

    public void DeleteAlias(string? aliasName)
    {
        var name = CheckAlias(aliasName);
        lock (_gate)
        {
            if (!_aliases.ContainsKey(name))
            {
                throw KmsErrors.AliasNotFound(Prefix + name);
            }
            _store?.DeleteKmsAlias(_options.Region, name);
            _aliases.Remove(name);
        }
    }

    public (IReadOnlyList<(string Name, string Arn, string KeyId)> Aliases, string? Next) ListAliases(string? keyId, int? limit, string? marker)
    {
        var size = Limit(limit);
        var only = keyId is null ? null : Key(keyId, aliases: false).Id;
        lock (_gate)
        {
            var all = _aliases.Where(a => only is null || a.Value == only).Select(a => (a.Key, Prefix + a.Key, a.Value)).ToList();
            var start = Start(marker, all.Count);
            return (all.Skip(start).Take(size).ToList(), start + size < all.Count ? (start + size).ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
        }
    }

    public IReadOnlyList<string> AliasesOf(KmsKey key)
    {
        lock (_gate)
        {
            return [.. _aliases.Where(a => a.Value == key.Id).Select(a => a.Key)];
        }
    }

    public void TagResource(string? keyId, IReadOnlyList<(string Key, string Value)> tags) =>
        Change(keyId, k =>
        {
            foreach (var (name, value) in tags)
            {
                k.Tags[name] = value;
            }
        });

    public void UntagResource(string? keyId, IReadOnlyList<string> names) =>
        Change(keyId, k =>
        {
            foreach (var name in names)
            {
                k.Tags.Remove(name);
            }
        });

    /// <summary>The HMAC of <paramref name="message"/> under the key, as RFC 2104 defines it.</summary>
    public (KmsKey Key, byte[] Mac) GenerateMac(string? keyId, byte[]? message, string? algorithm)
    {
        var key = MacKey(keyId, message, algorithm, "GenerateMac");
        return (key, Hmac(algorithm!, key.Material, message!));
    }

    /// <summary>True when <paramref name="mac"/> is the HMAC of the message; otherwise KMSInvalidMacException, as AWS answers.</summary>
    public KmsKey VerifyMac(string? keyId, byte[]? message, string? algorithm, byte[]? mac)
    {
        var key = MacKey(keyId, message, algorithm, "VerifyMac");
        if (mac is null)
        {
            throw KmsErrors.Missing("mac");
        }
        if (mac.Length is < 1 or > 6144)
        {
            throw KmsErrors.Constraint("mac", null, mac.Length < 1 ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 6144");
        }
        var expected = Hmac(algorithm!, key.Material, message!);
        return CryptographicOperations.FixedTimeEquals(expected, mac) ? key : throw KmsErrors.InvalidMac();
    }

    private KmsKey MacKey(string? keyId, byte[]? message, string? algorithm, string operation)
    {
        if (message is null)
        {
            throw KmsErrors.Missing("message");
        }
        if (message.Length is < 1 or > 4096)
        {
            throw AwsValidation("message", message.Length < 1 ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 4096");
        }
        if (algorithm is null)
        {
            throw KmsErrors.Missing("macAlgorithm");
        }
        if (!s_macAlgorithms.Contains(algorithm, StringComparer.Ordinal))
        {
            throw KmsErrors.Constraint("macAlgorithm", algorithm, "Member must satisfy enum value set: [HMAC_SHA_384, HMAC_SHA_256, HMAC_SHA_224, HMAC_SHA_512]");
        }
        var key = Key(keyId);
        Usable(key);
        if (key.Usage != "GENERATE_VERIFY_MAC")
        {
            throw KmsErrors.Usage(key.Arn, key.Usage, operation);
        }
        if (!key.MacAlgorithms.Contains(algorithm, StringComparer.Ordinal))
        {
            throw KmsErrors.Algorithm(algorithm, key.Spec);
        }
        return key;
    }

    private static void Usable(KmsKey key)
    {
        if (key.DeletionDate is not null)
        {
            throw KmsErrors.PendingDeletion(key.Arn);
        }
        if (!key.Enabled)
        {
            throw KmsErrors.Disabled(key.Arn);
        }
    }

    private static byte[] Hmac(string algorithm, byte[] key, byte[] message) => algorithm switch
    {
        "HMAC_SHA_256" => HMACSHA256.HashData(key, message),
        "HMAC_SHA_384" => HMACSHA384.HashData(key, message),
        _ => HMACSHA512.HashData(key, message),
    };

    private void Change(string? keyId, Action<KmsKey> change)
    {
        var key = Key(keyId, aliases: false);
        lock (_gate)
        {
            if (key.DeletionDate is not null)
            {
                throw KmsErrors.PendingDeletion(key.Arn);
            }
            Mutate(key, change);
        }
    }

    /// <summary>Under the lock: the change is made to a copy and written to the store, then made to the key (a failed write changes nothing).</summary>
    private void Mutate(KmsKey key, Action<KmsKey> change)
    {
        if (_store is not null)
        {
            var next = key.Copy();
            change(next);
            _store.SaveKmsKey(_options.Region, next);
        }
        change(key);
    }

    private static string CheckAlias(string? aliasName)
    {
        if (aliasName is null)
        {
            throw KmsErrors.Missing("aliasName");
        }
        if (aliasName.Length is < 1 or > 256 || !AliasPattern().IsMatch(aliasName))
        {
            throw KmsErrors.Constraint("aliasName", aliasName, "Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
        }
        if (!aliasName.StartsWith("alias/", StringComparison.Ordinal))
        {
            throw KmsErrors.AliasName("Alias must start with the prefix \"alias/\". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html");
        }
        if (aliasName.StartsWith("alias/aws/", StringComparison.Ordinal))
        {
            throw KmsErrors.AliasName("Alias must not begin with the reserved prefix \"alias/aws/\".");
        }
        return aliasName;
    }

    private static int Limit(int? limit) => limit switch
    {
        null => 100,
        < 1 => throw KmsErrors.Constraint("limit", limit.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "Member must have value greater than or equal to 1"),
        > 1000 => throw KmsErrors.Constraint("limit", limit.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "Member must have value less than or equal to 1000"),
        _ => limit.Value,
    };

    private static int Start(string? marker, int count) =>
        marker is null ? 0
        : int.TryParse(marker, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var start) && start <= count ? start
        : throw KmsErrors.Marker();

    private static Protocol.AwsServiceException AwsValidation(string member, string constraint) =>
        Protocol.AwsServiceException.Validation($"1 validation error detected: Value at '{member}' failed to satisfy constraint: {constraint}");

    [GeneratedRegex("^[a-zA-Z0-9:/_-]+$")]
    private static partial Regex AliasPattern();
}
