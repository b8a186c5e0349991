using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// Reads and sets an OCPP 2.0.1 station's variables within the limits its device model reports
/// (DeviceDataCtrlr.ItemsPerMessage and BytesPerMessage, per message): a request too large for one message is sent
/// as several, one after another, and the answers are put back together in the order asked.
/// </summary>
internal static class StationVariables
{
    // The frame around a payload: [2,"<message id of up to 36 characters>","<action>",<payload>].
    private const int FrameOverheadBytes = 48;

    public static Task<Results<Ok<VariablesResponse>, ValidationProblem, ProblemHttpResult>> SendAsync(
        IGrainFactory grains, string id, string action, string listName, string resultName, IReadOnlyList<JsonNode> items, CancellationToken cancellationToken) =>
        SendAsync(grains, id, action, listName, resultName, items, "DeviceDataCtrlr", cancellationToken);

    /// <summary>Sends <paramref name="items"/> within the ItemsPerMessage and BytesPerMessage that <paramref name="limitsComponent"/> reports for the action.</summary>
    public static async Task<Results<Ok<VariablesResponse>, ValidationProblem, ProblemHttpResult>> SendAsync(
        IGrainFactory grains, string id, string action, string listName, string resultName, IReadOnlyList<JsonNode> items, string limitsComponent, CancellationToken cancellationToken)
    {
        var deviceModel = grains.GetGrain<IDeviceModelGrain>(id);
        var maxItems = await LimitAsync(deviceModel, limitsComponent, "ItemsPerMessage", action);
        var maxBytes = await LimitAsync(deviceModel, limitsComponent, "BytesPerMessage", action);
        var chargePoint = grains.GetGrain<IChargePointGrain>(id);
        var results = new List<JsonElement>(items.Count);
        var messages = 0;
        foreach (var chunk in Chunks(items, listName, action, maxItems, maxBytes))
        {
            var call = await chargePoint.CallAsync(action, Payload(listName, chunk), cancellationToken: cancellationToken);
            messages++;
            if (call.Outcome != CallOutcome.Completed || call.Payload is not { } payload || !payload.TryGetProperty(resultName, out var answered))
            {
                // A CALLRESULT without the results is no outcome ToProblem knows: it is told apart first.
                var problem = call.Outcome == CallOutcome.Completed
                    ? ApiProblems.Conflict("Unreadable answer", $"'{id}' answered {action} without {resultName}.")
                    : call.ToProblem(id, action);
                if (messages > 1)
                {
                    problem.ProblemDetails.Detail += $" Message {messages} of the split request failed; the earlier ones were answered and recorded.";
                }

                return problem;
            }

            results.AddRange(answered.EnumerateArray().Select(r => r.Clone()));
        }

        return TypedResults.Ok(new VariablesResponse(results, messages));
    }

    /// <summary>The station's limit for one message of <paramref name="action"/>, when its device model reports a usable one.</summary>
    private static async Task<int> LimitAsync(IDeviceModelGrain deviceModel, string component, string variable, string action) =>
        int.TryParse(await deviceModel.ActualValueAsync(component, variable, action), out var limit) && limit > 0 ? limit : int.MaxValue;

    /// <summary>Groups items so that each message holds at most <paramref name="maxItems"/> and fits <paramref name="maxBytes"/>; an item too large alone still goes, alone.</summary>
    internal static IEnumerable<List<JsonNode>> Chunks(IReadOnlyList<JsonNode> items, string listName, string action, int maxItems, int maxBytes)
    {
        var chunk = new List<JsonNode>();
        foreach (var item in items)
        {
            if (chunk.Count > 0 && (chunk.Count >= maxItems || Size(listName, action, [.. chunk, item]) > maxBytes))
            {
                yield return chunk;
                chunk = [];
            }

            chunk.Add(item);
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    private static int Size(string listName, string action, List<JsonNode> items) =>
        FrameOverheadBytes + action.Length + Encoding.UTF8.GetByteCount(Payload(listName, items).GetRawText());

    private static JsonElement Payload(string listName, List<JsonNode> items) =>
        JsonSerializer.SerializeToElement(new JsonObject { [listName] = new JsonArray([.. items.Select(i => (JsonNode?)i.DeepClone())]) });
}
