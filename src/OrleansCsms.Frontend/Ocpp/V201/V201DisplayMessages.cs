using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansCsms.Ocpp.V201;
using Domain = OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Ocpp.V201;

/// <summary>OCPP 2.0.1 display messages (block O): the station's NotifyDisplayMessages, and messages to and from the domain's terms.</summary>
internal static class V201DisplayMessages
{
    public static async Task<JsonElement> NotifyAsync(IGrainFactory grains, string stationId, NotifyDisplayMessagesRequest request)
    {
        await grains.GetGrain<Domain.IDisplayMessagesGrain>(stationId).RecordReportAsync(
            request.RequestId, request.Tbc ?? false, [.. (request.MessageInfo ?? []).Select(ToDomain)]);
        return V201Json.ToPayload(new NotifyDisplayMessagesConfirmation());
    }

    public static Domain.DisplayMessage ToDomain(MessageInfoType info) => new(
        info.Id,
        OcppWireNames.Of(info.Priority),
        OcppWireNames.Of(info.State),
        info.StartDateTime,
        info.EndDateTime,
        info.TransactionId,
        new Domain.DisplayMessageContent(OcppWireNames.Of(info.Message.Format), info.Message.Language, info.Message.Content),
        info.Display is { } display
            ? new Domain.DisplayComponent(display.Name, display.Instance, display.Evse?.Id, display.Evse?.ConnectorId)
            : null);

    /// <summary>A message as SetDisplayMessage's messageInfo; optional fields left out when unset.</summary>
    public static JsonObject ToMessageInfo(Domain.DisplayMessage message)
    {
        var content = new JsonObject { ["format"] = message.Message.Format, ["content"] = message.Message.Content };
        if (message.Message.Language is { } language)
        {
            content["language"] = language;
        }

        var info = new JsonObject { ["id"] = message.Id, ["priority"] = message.Priority, ["message"] = content };
        Set(info, "state", message.State);
        Set(info, "startDateTime", message.StartDateTime is { } start ? Timestamp(start) : null);
        Set(info, "endDateTime", message.EndDateTime is { } end ? Timestamp(end) : null);
        Set(info, "transactionId", message.TransactionId);
        if (message.Display is { } display)
        {
            var component = new JsonObject { ["name"] = display.Name };
            Set(component, "instance", display.Instance);
            if (display.EvseId is { } evseId)
            {
                component["evse"] = display.ConnectorId is { } connectorId ? new JsonObject { ["id"] = evseId, ["connectorId"] = connectorId } : new JsonObject { ["id"] = evseId };
            }

            info["display"] = component;
        }

        return info;
    }

    // UTC with milliseconds and a Z, as every other dateTime the CSMS sends.
    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void Set(JsonObject node, string name, string? value)
    {
        if (value is not null)
        {
            node[name] = value;
        }
    }
}
