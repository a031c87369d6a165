namespace Sluice.Cli.Build;

/// <summary>
/// The properties whose value may be a path relative to the template, by resource type: the ones
/// <c>aws cloudformation package</c> uploads, which SAM CLI re-relativises when it writes the built
/// template into the build folder.
/// </summary>
internal static class LocalPathProperties
{
    private static readonly Dictionary<string, string[]> s_byType = new(StringComparer.Ordinal)
    {
        ["AWS::Serverless::Function"] = ["CodeUri"],
        ["AWS::Serverless::Api"] = ["DefinitionUri"],
        ["AWS::Serverless::HttpApi"] = ["DefinitionUri"],
        ["AWS::Serverless::StateMachine"] = ["DefinitionUri"],
        ["AWS::Serverless::LayerVersion"] = ["ContentUri"],
        ["AWS::Serverless::Application"] = ["Location"],
        ["AWS::AppSync::GraphQLSchema"] = ["DefinitionS3Location"],
        ["AWS::AppSync::Resolver"] = ["RequestMappingTemplateS3Location", "ResponseMappingTemplateS3Location", "CodeS3Location"],
        ["AWS::AppSync::FunctionConfiguration"] = ["RequestMappingTemplateS3Location", "ResponseMappingTemplateS3Location", "CodeS3Location"],
        ["AWS::Lambda::Function"] = ["Code"],
        ["AWS::Lambda::LayerVersion"] = ["Content"],
        ["AWS::ApiGateway::RestApi"] = ["BodyS3Location"],
        ["AWS::ApiGatewayV2::Api"] = ["BodyS3Location"],
        ["AWS::ElasticBeanstalk::ApplicationVersion"] = ["SourceBundle"],
        ["AWS::CloudFormation::ModuleVersion"] = ["ModulePackage"],
        ["AWS::CloudFormation::ResourceVersion"] = ["SchemaHandlerPackage"],
        ["AWS::CloudFormation::Stack"] = ["TemplateURL"],
        ["AWS::CloudFormation::StackSet"] = ["TemplateURL"],
        ["AWS::Glue::Job"] = ["Command.ScriptLocation"],
        ["AWS::StepFunctions::StateMachine"] = ["DefinitionS3Location"],
    };

    public static IReadOnlyList<string> Of(string type) => s_byType.TryGetValue(type, out var properties) ? properties : [];
}
