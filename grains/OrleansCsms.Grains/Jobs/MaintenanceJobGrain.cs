using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace OrleansCsms.Grains;

/// <summary>
/// One maintenance job: the request sent to a charge point, its answer and the status notifications that followed.
/// </summary>
/// <remarks>
/// A grain per job, keyed by an id from a stored counter, rather than a bounded history on the charge point: a job's
/// record never has to be dropped to make room, the charge point's own state stays small (only the latest job id of
/// each kind, for notifications that name no request), and the id doubles as the requestId OCPP needs for GetLog and
/// SignedUpdateFirmware, so such a notification finds its job without asking the charge point. The jobs of a charge
/// point are listed from stored state (an index on charge point and id).
/// Notifications reach the job from the front-end, after the charge point recorded them; the job only ever calls the
/// charge point, never the other way round, so neither can wait on the other.
/// </remarks>
[GrainType(GrainTypes.MaintenanceJob)]
public sealed partial class MaintenanceJobGrain(
    [PersistentState(GrainTypes.StateName, GrainTypes.StorageName)] IPersistentState<MaintenanceJobState> state,
    TimeProvider time,
    ILogger<MaintenanceJobGrain> logger) : Grain, IMaintenanceJobGrain, IDurableStateGrain
{
    private MaintenanceJobState Job => state.State;

    private int Id => checked((int)this.GetPrimaryKeyLong());

    private DateTimeOffset Now => time.GetUtcNow();

    public async Task<MaintenanceJobOutcome> StartAsync(MaintenanceJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (state.RecordExists)
        {
            // A second request under one id would make two jobs answer to one requestId.
            throw new InvalidOperationException($"Job {Id} already exists; jobs take a fresh id.");
        }

        var chargePoint = GrainFactory.GetGrain<IChargePointGrain>(request.ChargePointId);
        if (await chargePoint.GetAsync() is not { } known)
        {
            return new MaintenanceJobOutcome(new ChargePointCallResult(CallOutcome.UnknownChargePoint), null);
        }

        // Phrased in the version of the charge point's current (or else last) connection, as its commands are.
        var protocol = known.Session?.Protocol ?? known.Protocol;
        if (MaintenanceJobCalls.Phrase(request.Command, Id, protocol) is not var (kind, payload))
        {
            var refusal = MaintenanceJobCalls.WhyNot(request.Command, protocol);
            return new MaintenanceJobOutcome(new ChargePointCallResult(CallOutcome.NotSupportedByProtocol, ErrorDescription: refusal), null);
        }

        // The charge point knows the job before it gets the request, so a notification that follows the answer at once finds it.
        var tracking = await chargePoint.TrackJobAsync(kind, Id);
        if (tracking.Outcome != CallOutcome.Completed)
        {
            return new MaintenanceJobOutcome(new ChargePointCallResult(tracking.Outcome), null);
        }

        var now = Now;
        state.State = new MaintenanceJobState
        {
            JobId = Id,
            ChargePointId = request.ChargePointId,
            Kind = kind,
            Request = payload,
            CreatedAt = now,
            UpdatedAt = now,
            UploadSecret = request.UploadSecret,
            FirmwareFileId = request.FirmwareFileId,
        };
        await state.WriteStateAsync(CancellationToken.None);

        var call = await chargePoint.CallAsync(kind, payload, cancellationToken: cancellationToken);
        Answered(call);

        // The charge point has the request (or never will): what it answered is recorded even if the operator stopped waiting.
        await state.WriteStateAsync(CancellationToken.None);
        if (Job.Finished)
        {
            await chargePoint.UntrackJobAsync(kind, Id, tracking.PreviousJobId);
        }
        else if (call.Outcome == CallOutcome.Completed && tracking.PreviousJobId is { } previous)
        {
            var replaced = Job.AnswerStatus == "AcceptedCanceled" ? MaintenanceJobStates.Cancelled : MaintenanceJobStates.Superseded;
            await GrainFactory.GetGrain<IMaintenanceJobGrain>(previous).CloseAsync(replaced);
        }

        LogStarted(logger, Id, kind, request.ChargePointId, Job.State);
        return new MaintenanceJobOutcome(call, Job);
    }

    public Task<MaintenanceJobState?> GetAsync() => Task.FromResult(state.RecordExists ? Job : null);

    public async Task<bool> RecordStatusAsync(string chargePointId, string kind, string status, IReadOnlyList<string>? locations = null)
    {
        // Idle says the charge point is busy with nothing (the usual answer to a TriggerMessage): it is no step of a job.
        if (!state.RecordExists || Job.Finished || Job.ChargePointId != chargePointId || Job.Kind != kind || status == "Idle")
        {
            return false;
        }

        var now = Now;
        Job.History.Add(new JobStatusEntry(status, now));
        Job.State = status;
        Job.Finished = MaintenanceJobKinds.Ends(kind, status);
        Job.UpdatedAt = now;
        if (locations is { Count: > 0 })
        {
            Job.PublishedLocations = [.. locations];
        }

        await state.WriteStateAsync();
        return true;
    }

    public async Task<bool> RecordUploadAsync(JobFile file)
    {
        if (!state.RecordExists || Job.UploadSecret is null)
        {
            return false;
        }

        Job.Upload = file;
        Job.UpdatedAt = Now;
        await state.WriteStateAsync();
        return true;
    }

    public async Task CloseAsync(string closedAs)
    {
        if (!state.RecordExists || Job.Finished)
        {
            return;
        }

        Job.State = closedAs;
        Job.Finished = true;
        Job.UpdatedAt = Now;
        await state.WriteStateAsync();
    }

    private void Answered(ChargePointCallResult call)
    {
        Job.UpdatedAt = Now;
        switch (call.Outcome)
        {
            case CallOutcome.Completed:
                Job.AnsweredAt = Job.UpdatedAt;
                Job.Answer = call.Payload;
                Job.AnswerStatus = call.AnsweredStatus();
                Job.FileName = AnsweredFileName(call.Payload);
                if (Job.AnswerStatus is { } status and not ("Accepted" or "AcceptedCanceled"))
                {
                    // Rejected, InvalidCertificate, RevokedCertificate: nothing will follow. An UnpublishFirmware ends with its answer.
                    Job.State = status;
                    Job.Finished = true;
                }

                break;
            case CallOutcome.Failed:
                Job.State = MaintenanceJobStates.CallError;
                Job.ErrorCode = call.ErrorCode;
                Job.ErrorDescription = call.ErrorDescription;
                Job.Finished = true;
                break;
            case CallOutcome.TimedOut:
                Job.State = MaintenanceJobStates.NoAnswer;
                break;
            default:
                Job.State = MaintenanceJobStates.NotSent;
                Job.Finished = true;
                break;
        }
    }

    // GetDiagnostics.conf names it fileName, GetLog.conf filename.
    private static string? AnsweredFileName(JsonElement? payload)
    {
        if (payload is not { ValueKind: JsonValueKind.Object } answer)
        {
            return null;
        }

        return (answer.TryGetProperty("fileName", out var name) || answer.TryGetProperty("filename", out name)) && name.ValueKind == JsonValueKind.String
            ? name.GetString()
            : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: {Kind} sent to charge point {ChargePointId}, now {State}")]
    private static partial void LogStarted(ILogger logger, int jobId, string kind, string chargePointId, string state);
}
