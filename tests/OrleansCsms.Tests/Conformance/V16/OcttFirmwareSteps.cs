using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansCsms.Tests.Api;

namespace OrleansCsms.Tests.Conformance.V16;

/// <summary>The steps the firmware, diagnostics and log test cases share: starting a job through the API, notifying, and reading the job back.</summary>
internal sealed class OcttFirmwareSteps(CsmsHost host)
{
    /// <summary>Starts a job with <paramref name="path"/> (update-firmware, get-diagnostics, ...); it must answer 201 with the job.</summary>
    public async Task<JsonElement> StartJobAsync(TestChargePoint chargePoint, string path, object request)
    {
        var response = await host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/{path}", request, Json.Options);
        var job = await ApiAssert.JsonAsync(response, HttpStatusCode.Created);
        Assert.True(response.Headers.Location?.ToString() == $"/api/jobs/{job.GetProperty("jobId").GetInt32()}",
            $"Expected {path} to answer with the job's location, but it was '{response.Headers.Location}'.");
        return job;
    }

    /// <summary>Sends a status notification, which the CSMS must acknowledge with an empty object.</summary>
    public static async Task NotifyAsync(TestChargePoint chargePoint, string action, string status, int? requestId = null)
    {
        var answer = await chargePoint.CallAsync(action, requestId is { } id ? new { status, requestId = id } : new { status });
        Assert.True(answer.ValueKind == JsonValueKind.Object && !answer.EnumerateObject().Any(),
            $"Expected {action} {status} of {chargePoint.Id} to be acknowledged with {{}}, but the answer was {answer}.");
    }

    public async Task<JsonElement> JobAsync(int jobId) =>
        await ApiAssert.JsonAsync(await host.Api.GetAsync($"/api/jobs/{jobId}"), HttpStatusCode.OK);

    /// <summary>Asserts where a job stands, whether it is finished and the statuses notified, in order.</summary>
    public async Task<JsonElement> AssertJobAsync(int jobId, string state, bool finished, params string[] history)
    {
        var job = await JobAsync(jobId);
        var notified = job.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()).ToList();
        Assert.True(
            job.GetProperty("state").GetString() == state && job.GetProperty("finished").GetBoolean() == finished && notified.SequenceEqual(history),
            $"Expected job {jobId} to be {state} (finished: {finished}) after [{string.Join(", ", history)}], but it is {job}.");
        return job;
    }

    /// <summary>A charge point booted as the tool's is: BootNotification Accepted, then Available for connector 0 and both connectors.</summary>
    public async Task<TestChargePoint> BootedChargePointAsync()
    {
        var chargePoint = await TestChargePoint.ConnectAsync(host, Fresh.ChargePointId());
        await OcttChargePoint.BootAsync(chargePoint);
        return chargePoint;
    }

    /// <summary>StatusNotification of connector 0 and both connectors.</summary>
    public static async Task AllConnectorsAsync(TestChargePoint chargePoint, string status)
    {
        await OcttChargePoint.StatusAsync(chargePoint, 0, status);
        await OcttChargePoint.StatusAsync(chargePoint, OcttChargePoint.Connector, status);
        await OcttChargePoint.StatusAsync(chargePoint, OcttChargePoint.OtherConnector, status);
    }
}
