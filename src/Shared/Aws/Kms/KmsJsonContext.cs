using System.Text.Json.Serialization;

namespace Sluice.Shared.Aws.Kms;

/// <summary>KMS's wire names are PascalCase, as the members are; blobs are base64 strings (System.Text.Json's byte[] form).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GenerateMacRequest))]
[JsonSerializable(typeof(GenerateMacResult))]
[JsonSerializable(typeof(VerifyMacRequest))]
[JsonSerializable(typeof(VerifyMacResult))]
internal sealed partial class KmsJsonContext : JsonSerializerContext;
