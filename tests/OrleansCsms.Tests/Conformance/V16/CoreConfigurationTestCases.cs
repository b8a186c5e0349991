using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;
using static OrleansCsms.Tests.Conformance.V16.OcttChargePoint;

namespace OrleansCsms.Tests.Conformance.V16;

/// <summary>
/// OCTT 1.6 CSMS test cases, Core profile: reading and changing configuration keys, happy and not (document §3.7 and §3.13).
/// See docs/conformance/ocpp16-csms-test-cases.md.
/// </summary>
[Collection(OcttCollection.Name)]
public sealed class CoreConfigurationTestCases(CsmsHostFixture fixture)
{
    // What the tool's charge point holds: keys of Core, Local Auth List Management and Smart Charging.
    private static readonly (string Key, bool ReadOnly, string Value)[] Keys =
    [
        ("HeartbeatInterval", false, "300"),
        ("MeterValueSampleInterval", false, "30"),
        ("NumberOfConnectors", true, "2"),
        ("SupportedFeatureProfiles", true, "Core,LocalAuthListManagement,SmartCharging,RemoteTrigger"),
        ("LocalAuthListEnabled", false, "true"),
        ("ChargeProfileMaxStackLevel", true, "8"),
    ];

    private CsmsHost Host => fixture.Host;

    private OcttOperator Operator => new(Host);

    [Fact]
    public async Task TC_019_1_CSMS_All_configuration_keys_are_asked_for_with_no_key_list_and_read()
    {
        await using var chargePoint = await BootedAsync(changeConfigurationStatus: "Accepted");

        var answer = await Operator.GetAsync($"/api/charge-points/{chargePoint.Id}/configuration");

        var request = SentRequest(chargePoint, "GetConfiguration");
        Assert.True(!request.TryGetProperty("key", out var keys) || keys.GetArrayLength() == 0,
            $"Expected GetConfiguration.req to ask for every key with an absent or empty key list, but it was {request}.");
        var read = answer.GetProperty("configurationKey").EnumerateArray().Select(k => k.GetProperty("key").GetString()).ToArray();
        Assert.True(read.SequenceEqual(Keys.Select(k => k.Key)),
            $"Expected the operator to read all {Keys.Length} keys the charge point returned, but got {answer}.");
    }

    [Fact]
    public async Task TC_019_2_CSMS_The_key_SupportedFeatureProfiles_is_asked_for_by_name_and_read()
    {
        await using var chargePoint = await BootedAsync(changeConfigurationStatus: "Accepted");

        var entry = await Operator.GetAsync($"/api/charge-points/{chargePoint.Id}/configuration/SupportedFeatureProfiles");

        var request = SentRequest(chargePoint, "GetConfiguration");
        Assert.True(request.TryGetProperty("key", out var keys) && keys.EnumerateArray().Select(k => k.GetString()).SequenceEqual(["SupportedFeatureProfiles"]),
            $"Expected GetConfiguration.req to ask for exactly the key SupportedFeatureProfiles, but it was {request}.");
        AssertField(entry, "value", Keys.Single(k => k.Key == "SupportedFeatureProfiles").Value, "the SupportedFeatureProfiles entry read by the operator");
    }

    [Fact]
    public Task TC_021_CSMS_MeterValueSampleInterval_is_changed_to_60_and_accepted() =>
        ChangeConfigurationAsync("MeterValueSampleInterval", "60", "Accepted");

    [Fact]
    public Task TC_040_1_CSMS_A_change_of_a_key_the_charge_point_does_not_support_is_reported_NotSupported() =>
        ChangeConfigurationAsync("ConnectorPhaseRotation", "0.RST", "NotSupported");

    [Fact]
    public Task TC_040_2_CSMS_A_change_to_an_invalid_value_is_reported_Rejected() =>
        ChangeConfigurationAsync("MeterValueSampleInterval", "-1", "Rejected");

    /// <summary>Op: ChangeConfiguration of one key; the charge point answers <paramref name="expected"/>.</summary>
    private async Task ChangeConfigurationAsync(string key, string value, string expected)
    {
        await using var chargePoint = await BootedAsync(changeConfigurationStatus: expected);

        var answer = await Operator.PutAsync($"/api/charge-points/{chargePoint.Id}/configuration/{key}", new { value });

        AssertField(answer, "status", expected, $"the ChangeConfiguration answer for {key} reported to the operator");
        var request = SentRequest(chargePoint, "ChangeConfiguration");
        AssertField(request, "key", key, "ChangeConfiguration.req");
        AssertField(request, "value", value, "ChangeConfiguration.req");
    }

    /// <summary>A booted charge point holding <see cref="Keys"/> that answers ChangeConfiguration with <paramref name="changeConfigurationStatus"/>.</summary>
    private async Task<TestChargePoint> BootedAsync(string changeConfigurationStatus)
    {
        var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        chargePoint.OnServerCall = (action, payload) => action switch
        {
            "GetConfiguration" => ServerCallAnswer.Result(Configuration(payload)),
            "ChangeConfiguration" => ServerCallAnswer.Result(new { status = changeConfigurationStatus }),
            _ => ServerCallAnswer.Result(new { status = "Accepted" }),
        };
        try
        {
            await BootAsync(chargePoint);
            return chargePoint;
        }
        catch
        {
            await chargePoint.DisposeAsync();
            throw;
        }
    }

    /// <summary>The GetConfiguration.conf of the charge point: every key when none is named, else the named ones and the unknown ones.</summary>
    private static object Configuration(JsonElement request)
    {
        List<string> asked = request.TryGetProperty("key", out var keys) && keys.GetArrayLength() > 0
            ? [.. keys.EnumerateArray().Select(k => k.GetString()!)]
            : Keys.Select(k => k.Key).ToList();
        return new
        {
            configurationKey = Keys.Where(k => asked.Contains(k.Key)).Select(k => new { key = k.Key, @readonly = k.ReadOnly, value = k.Value }).ToArray(),
            unknownKey = asked.Where(a => !Keys.Any(k => k.Key == a)).ToArray(),
        };
    }
}
