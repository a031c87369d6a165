namespace Sluice.LocalCloud.Protocol;

/// <summary>The wire protocol a request arrived in; the answer (and its errors) use the same one.</summary>
internal enum AwsProtocol
{
    Json,
    Query,
}
