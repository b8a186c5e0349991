using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansCsms.Grains;

/// <summary>The OCPP 2.0.1 calls that move a station to another network profile, and so to another security profile.</summary>
internal static class NetworkProfileMessages
{
    public const string SetNetworkProfile = "SetNetworkProfile";

    /// <summary>The variable listing the network configuration slots a station tries, in order.</summary>
    public const string NetworkConfigurationPriority = "OCPPCommCtrlr.NetworkConfigurationPriority";

    public static JsonElement SetNetworkProfileRequest(int profile, NetworkProfileChange network) => ChargePointCommands.Payload(new JsonObject
    {
        ["configurationSlot"] = network.ConfigurationSlot,
        ["connectionData"] = new JsonObject
        {
            // OCPP20 is the enum's name for every 2.0.x version.
            ["ocppVersion"] = "OCPP20",
            ["ocppTransport"] = "JSON",
            ["ocppCsmsUrl"] = network.OcppCsmsUrl,
            ["messageTimeout"] = network.MessageTimeout,
            ["securityProfile"] = profile,
            ["ocppInterface"] = network.OcppInterface,
        },
    });
}
