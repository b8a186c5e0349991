using System.Net.Http.Json;
using System.Text.Json;
using OrleansCsms.Tests.Conformance.V16;

namespace OrleansCsms.Tests.Conformance.V201;

/// <summary>
/// The steps of the OCTT 2.0.1 smart charging test cases: the operator's profiles through the REST API, the station's
/// answers to what the CSMS sends, and the checks the tool makes on every SetChargingProfile (errata 2025-04).
/// </summary>
internal static class SmartChargingSteps
{
    private static readonly TimeSpan ServerCallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>A profile id; each test has a station of its own, so ids only need to differ within a test.</summary>
    public static int ProfileId() => Random.Shared.Next(1, 999_999);

    /// <summary>An operator's charging profile with one period from 0, in A unless told.</summary>
    public static object Profile(
        int id,
        string purpose,
        string kind,
        decimal limit,
        string unit = "A",
        DateTimeOffset? startSchedule = null,
        int? duration = null,
        string? recurrencyKind = null,
        DateTimeOffset? validFrom = null,
        DateTimeOffset? validTo = null,
        int stackLevel = 0,
        int? transactionId = null) => new
        {
            chargingProfileId = id,
            stackLevel,
            chargingProfilePurpose = purpose,
            chargingProfileKind = kind,
            recurrencyKind,
            validFrom,
            validTo,
            transactionId,
            chargingSchedule = new
            {
                chargingRateUnit = unit,
                duration,
                startSchedule,
                chargingSchedulePeriod = new[] { new { startPeriod = 0, limit } },
            },
        };

    /// <summary>The operator sets a profile on an EVSE; the REST answer (201 with the kept profile, or 200 with the station's status).</summary>
    public static Task<JsonElement> SetAsync(OcttOperator op, OcttStation station, int evseId, object profile) =>
        op.PostAsync($"/api/charge-points/{station.Id}/charging-profiles", new { connectorId = evseId, chargingProfile = profile });

    /// <summary>The operator clears profiles by the query given (chargingProfileId=…, or connectorId, chargingProfilePurpose, stackLevel).</summary>
    public static async Task<JsonElement> ClearAsync(CsmsHost host, OcttStation station, string query)
    {
        var response = await host.Api.DeleteAsync($"/api/charge-points/{station.Id}/charging-profiles?{query}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Expected the clear ({query}) of {station.Id} to succeed, but it answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The profiles the CSMS holds of the station.</summary>
    public static async Task<List<JsonElement>> ProfilesAsync(OcttOperator op, OcttStation station) =>
        [.. (await op.GetAsync($"/api/charge-points/{station.Id}/charging-profiles")).GetProperty("profiles").EnumerateArray()];

    /// <summary>The last call the CSMS sent the station with <paramref name="action"/>.</summary>
    public static JsonElement LastCall(OcttStation station, string action)
    {
        var calls = station.Socket.ServerCalls.Where(c => c.Action == action).ToList();
        Assert.True(calls.Count > 0, $"Expected the CSMS to have sent {station.Id} a {action}, but it sent {string.Join(", ", station.Socket.ServerCalls.Select(c => c.Action))}.");
        return calls[^1].Payload;
    }

    /// <summary>
    /// Answers <paramref name="action"/> calls with <paramref name="answer"/> and returns the payload of the
    /// <paramref name="nth"/> one (1: the next), waited for.
    /// </summary>
    public static Func<Task<JsonElement>> Expect(OcttStation station, string action, object answer, int nth = 1)
    {
        var seen = 0;
        var arrived = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        station.Socket.OnServerCall = (called, payload) =>
        {
            if (called == action && Interlocked.Increment(ref seen) == nth)
            {
                arrived.TrySetResult(payload);
            }

            return ServerCallAnswer.Result(called == action ? answer : new { status = "Accepted" });
        };
        return async () =>
        {
            try
            {
                return await arrived.Task.WaitAsync(ServerCallTimeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException(
                    $"Expected the CSMS to send {station.Id} {action} #{nth} within {ServerCallTimeout.TotalSeconds} s, but it sent {string.Join(", ", station.Socket.ServerCalls.Select(c => c.Action))}.");
            }
        };
    }

    /// <summary>The tool's checks on a SetChargingProfile: the EVSE, the profile's id, purpose and kind, and a first period from 0.</summary>
    public static JsonElement AssertSetChargingProfile(JsonElement request, int evseId, int? id, string purpose, string kind)
    {
        Assert.True(request.GetProperty("evseId").GetInt32() == evseId, $"Expected SetChargingProfile for EVSE {evseId}, but it was {request}.");
        var profile = request.GetProperty("chargingProfile");
        if (id is { } expected)
        {
            Assert.True(profile.GetProperty("id").GetInt32() == expected, $"Expected charging profile {expected}, but it was {profile}.");
        }

        Assert.True(profile.GetProperty("chargingProfilePurpose").GetString() == purpose, $"Expected a {purpose}, but it was {profile}.");
        Assert.True(profile.GetProperty("chargingProfileKind").GetString() == kind, $"Expected kind {kind}, but it was {profile}.");
        var schedule = Assert.Single(profile.GetProperty("chargingSchedule").EnumerateArray());
        var first = schedule.GetProperty("chargingSchedulePeriod")[0];
        Assert.True(first.GetProperty("startPeriod").GetInt32() == 0, $"Expected the first period to start at 0 (K01.FR.31), but the schedule was {schedule}.");
        Assert.True(
            profile.TryGetProperty("recurrencyKind", out _) == (kind == "Recurring"),
            $"Expected recurrencyKind exactly when the kind is Recurring, but the profile was {profile}.");
        Assert.True(
            schedule.TryGetProperty("startSchedule", out _) == (kind != "Relative"),
            $"Expected startSchedule exactly when the kind is not Relative, but the schedule was {schedule}.");
        return profile;
    }

    /// <summary>The limit of the first period of the profile a SetChargingProfile carries.</summary>
    public static decimal FirstLimit(JsonElement request) =>
        request.GetProperty("chargingProfile").GetProperty("chargingSchedule")[0].GetProperty("chargingSchedulePeriod")[0].GetProperty("limit").GetDecimal();

    /// <summary>NotifyEVChargingNeeds of an AC EV: energy wanted by departure, currents and voltage; the CSMS's answer status.</summary>
    public static async Task<string> NotifyEvChargingNeedsAsync(OcttStation station, int energyAmountWh = 20_000, TimeSpan? departureIn = null)
    {
        var answer = await station.AcknowledgedAsync("NotifyEVChargingNeeds", new
        {
            evseId = OcttStation.Evse,
            maxScheduleTuples = 3,
            chargingNeeds = new
            {
                requestedEnergyTransfer = "AC_three_phase",
                departureTime = V201Messages.Timestamp(DateTimeOffset.UtcNow + (departureIn ?? TimeSpan.FromHours(4))),
                acChargingParameters = new { energyAmount = energyAmountWh, evMinCurrent = 6, evMaxCurrent = 32, evMaxVoltage = 400 },
            },
        });
        return answer.GetProperty("status").GetString()!;
    }

    /// <summary>NotifyEVChargingSchedule of one period at <paramref name="limit"/> A from now; the CSMS's answer status.</summary>
    public static async Task<string> NotifyEvChargingScheduleAsync(OcttStation station, decimal limit)
    {
        var answer = await station.AcknowledgedAsync("NotifyEVChargingSchedule", new
        {
            timeBase = V201Messages.Timestamp(DateTimeOffset.UtcNow),
            evseId = OcttStation.Evse,
            chargingSchedule = new
            {
                id = 1,
                chargingRateUnit = "A",
                duration = 3_600,
                chargingSchedulePeriod = new[] { new { startPeriod = 0, limit } },
            },
        });
        return answer.GetProperty("status").GetString()!;
    }

    /// <summary>A ChargingStationExternalConstraints profile as a station reports it.</summary>
    public static object ReportedProfile(int id, string purpose, decimal limit, string? transactionId = null) => new
    {
        id,
        stackLevel = 0,
        chargingProfilePurpose = purpose,
        chargingProfileKind = "Absolute",
        transactionId,
        chargingSchedule = new[]
        {
            new
            {
                id = 1,
                startSchedule = V201Messages.Timestamp(DateTimeOffset.UtcNow),
                chargingRateUnit = "A",
                chargingSchedulePeriod = new[] { new { startPeriod = 0, limit } },
            },
        },
    };

    /// <summary>An HTTP call whose failure is the point: its status code and problem body.</summary>
    public static async Task<(int Status, JsonElement Problem)> FailingAsync(Task<HttpResponseMessage> sent)
    {
        var response = await sent;
        var body = await response.Content.ReadAsStringAsync();
        Assert.False(response.IsSuccessStatusCode, $"Expected the request to fail, but it answered {(int)response.StatusCode}: {body}");
        return ((int)response.StatusCode, JsonDocument.Parse(body).RootElement.Clone());
    }

    public static Task<HttpResponseMessage> PostRawAsync(CsmsHost host, string path, object body) => host.Api.PostAsJsonAsync(path, body);
}
