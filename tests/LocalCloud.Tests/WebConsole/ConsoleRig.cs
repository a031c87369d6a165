using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.LocalCloud.Hosting;

namespace Sluice.LocalCloud.Tests.WebConsole;

/// <summary>
/// A small order workflow on a host's Step Functions, without functions: an order is confirmed
/// (Pass), rejected (a Parallel whose branch fails with OutOfStock and whose Catch records the
/// failure at <c>$.failure</c>, as the project's workflow does) or fails outright (a Fail state).
/// </summary>
internal static class ConsoleRig
{
    public const string Definition = """
        {
          "StartAt": "Route",
          "States": {
            "Route": {
              "Type": "Choice",
              "Choices": [
                { "Variable": "$.data.kind", "StringEquals": "reject", "Next": "ReserveStock" },
                { "Variable": "$.data.kind", "StringEquals": "fail", "Next": "Broken" }
              ],
              "Default": "Confirm"
            },
            "ReserveStock": {
              "Type": "Parallel",
              "Branches": [
                { "StartAt": "CheckStock", "States": { "CheckStock": { "Type": "Fail", "Error": "OutOfStock", "Cause": "SKU OOS-1 is out of stock" } } }
              ],
              "Catch": [ { "ErrorEquals": ["States.ALL"], "ResultPath": "$.failure", "Next": "Reject" } ],
              "Next": "Confirm"
            },
            "Reject": { "Type": "Pass", "End": true },
            "Confirm": { "Type": "Pass", "Result": "confirmed", "ResultPath": "$.decision", "End": true },
            "Broken": { "Type": "Fail", "Error": "Kaboom", "Cause": "the workflow broke" }
          }
        }
        """;

    public static async Task<string> CreateMachineAsync(LocalCloudHost host, string name)
    {
        var answer = await CallAsync(host, "CreateStateMachine", new JsonObject
        {
            ["name"] = name,
            ["definition"] = Definition,
            ["roleArn"] = "arn:aws:iam::000000000000:role/sfn",
        });
        return (string)answer["stateMachineArn"]!;
    }

    /// <summary>Starts an execution for an order placed event (the order id is its subject), kind confirm, reject or fail.</summary>
    public static async Task<string> StartAsync(LocalCloudHost host, string machineArn, string name, string orderId, string kind)
    {
        var input = new JsonObject
        {
            ["id"] = name,
            ["source"] = "sluice/test",
            ["type"] = "order.placed",
            ["subject"] = orderId,
            ["data"] = new JsonObject { ["orderId"] = orderId, ["kind"] = kind },
        };
        var answer = await CallAsync(host, "StartExecution", new JsonObject { ["stateMachineArn"] = machineArn, ["name"] = name, ["input"] = input.ToJsonString() });
        return (string)answer["executionArn"]!;
    }

    public static async Task<JsonObject> CallAsync(LocalCloudHost host, string action, JsonObject request)
    {
        var response = await host.StepFunctions.HandleAsync(action, Encoding.UTF8.GetBytes(request.ToJsonString()), CancellationToken.None);
        Assert.True(response.StatusCode == 200, response.Body);
        return JsonNode.Parse(response.Body)!.AsObject();
    }

    /// <summary>Starts <paramref name="count"/> executions (every 10th rejected, every 25th failing) and waits for them all.</summary>
    public static async Task<List<string>> RunOrdersAsync(LocalCloudHost host, string machineArn, int count, string prefix)
    {
        var arns = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var kind = i % 25 == 24 ? "fail" : i % 10 == 9 ? "reject" : "confirm";
            arns.Add(await StartAsync(host, machineArn, $"{prefix}-{i:D5}", $"ord-{prefix}-{i:D5}", kind));
        }

        foreach (var arn in arns)
        {
            await host.StepFunctions.WaitForExecutionAsync(arn, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        }

        return arns;
    }

    public static JsonDocument Json(string body) => JsonDocument.Parse(body);
}
