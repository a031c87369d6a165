namespace Sluice.Asl.Definition;

internal enum TaskResourceKind
{
    LambdaFunction,
    Integration,
    AwsSdk,
    Activity,
}
