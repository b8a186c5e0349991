using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace OrleansCsms.Grains;

/// <summary>
/// The certificates of one charge point. A SignCertificate's CSR is checked and kept before it is answered; an accepted
/// one is then signed by the CSMS's certificate authority in a turn of its own (or waits for an operator's chain) and
/// sent with CertificateSigned. A certificate is recorded as issued before it is sent, so it is trusted from then on.
/// </summary>
[GrainType(GrainTypes.ChargePointCertificates)]
public sealed partial class ChargePointCertificatesGrain(
    [PersistentState(GrainTypes.StateName, GrainTypes.StorageName)] IPersistentState<ChargePointCertificatesState> state,
    ChargePointCertificateAuthority authority,
    TimeProvider time,
    ILogger<ChargePointCertificatesGrain> logger) : Grain, IChargePointCertificatesGrain, IDurableStateGrain
{
    public const string FromCentralSystemCa = "CentralSystemCa";
    public const string FromOperator = "Operator";

    // Enough history to see what a charge point sent lately; older requests and expired certificates go.
    private const int KeptSigningRequests = 20;
    private const int KeptIssuedCertificates = 50;

    private ChargePointCertificatesState State => state.State;

    private string Key => this.GetPrimaryKeyString();

    private DateTimeOffset Now => time.GetUtcNow();

    private IChargePointGrain ChargePoint => GrainFactory.GetGrain<IChargePointGrain>(Key);

    public async Task<string> SignCertificateAsync(string csr, string? certificateType = null)
    {
        var (request, failure) = SigningRequestCheck.Check(csr);
        var record = new SigningRequestRecord(
            ++State.LastRequestId, Now, request is null ? "Rejected" : "Pending", csr, request?.Subject, request?.CommonName, request?.Organization,
            request?.KeyAlgorithm, request?.KeySize, failure, CertificateType: certificateType);
        State.SigningRequests.Add(record);
        if (State.SigningRequests.Count > KeptSigningRequests)
        {
            State.SigningRequests.RemoveRange(0, State.SigningRequests.Count - KeptSigningRequests);
        }

        await WriteAsync();
        if (request is null)
        {
            LogRejectedCsr(logger, Key, record.Id, failure!);
            return "Rejected";
        }

        if (authority.SignsAutomatically)
        {
            // One-way, to itself: signing and CertificateSigned follow in a turn of their own, after this answer.
            await this.AsReference<IChargePointCertificatesGrain>().SignAcceptedAsync(record.Id);
        }
        else
        {
            LogWaitingForOperator(logger, Key, record.Id, record.CommonName!);
        }

        return "Accepted";
    }

    public async Task<ChargePointCertificatesView?> GetAsync() =>
        await ChargePoint.GetAsync() is null
            ? null
            : new ChargePointCertificatesView(Key, [.. State.SigningRequests], [.. State.Issued], [.. State.Installed.Values]);

    public async Task SignAcceptedAsync(int requestId)
    {
        if (Request(requestId) is { Status: "Pending" } && authority.SignsAutomatically)
        {
            await SignWithAuthorityAsync(requestId);
        }
    }

    public async Task<CertificateDelivery> SignWithAuthorityAsync(int requestId)
    {
        if (await Waiting(requestId) is { } refusal)
        {
            return refusal;
        }

        if (authority.Certificate is null)
        {
            return new CertificateDelivery(CertificateDeliveryOutcome.NoAuthority, Detail: "No certificate authority is configured (Certificates:CaCertificatePath, Certificates:CaKeyPath).");
        }

        var request = Request(requestId)!;
        var (checkedRequest, failure) = SigningRequestCheck.Check(request.Csr);
        if (checkedRequest is null)
        {
            // Checked when it arrived; a CSR that fails now would mean the stored one changed.
            return new CertificateDelivery(CertificateDeliveryOutcome.InvalidChain, Detail: failure);
        }

        var (chain, leaf) = authority.Sign(checkedRequest);
        using (leaf)
        {
            return await DeliverAsync(request, chain, leaf, FromCentralSystemCa);
        }
    }

    public async Task<CertificateDelivery> SendChainAsync(int requestId, string certificateChain)
    {
        if (await Waiting(requestId) is { } refusal)
        {
            return refusal;
        }

        var request = Request(requestId)!;
        var (checkedRequest, failure) = SigningRequestCheck.Check(request.Csr);
        failure = checkedRequest is null ? failure : CertificateChains.ChainFailure(certificateChain, checkedRequest.SubjectPublicKeyInfo, Now);
        if (failure is not null)
        {
            return new CertificateDelivery(CertificateDeliveryOutcome.InvalidChain, Detail: failure);
        }

        var certificates = CertificateChains.Read(certificateChain);
        return await DeliverAsync(request, certificateChain, certificates[0], FromOperator);
    }

    public async Task<ChargePointCallResult> GetInstalledCertificateIdsAsync(IReadOnlyList<string> certificateTypes)
    {
        var v201 = await SpeaksV201Async();
        var call = CertificateMessages.GetInstalledCertificateIdsRequest(certificateTypes, v201);
        var result = await CallAsync(call);
        if (result.AnsweredStatus() is { } status)
        {
            // Every type asked about is recorded, also those the answer lists nothing of: the station holds none of them.
            var asked = certificateTypes.Count > 0
                ? certificateTypes.Select(t => CertificateTypes.InVersion(t, v201)!).Distinct()
                : CertificateTypes.V201Reported;
            var reported = CertificateMessages.HashData(result.Payload, v201 ? null : asked.Single());
            foreach (var type in asked.Union(reported.Keys))
            {
                State.Installed[type] = new InstalledCertificatesReport(type, status, reported.GetValueOrDefault(type) ?? [], Now);
            }

            await WriteAsync();
        }

        return result;
    }

    public async Task<ChargePointCallResult> InstallCertificateAsync(string certificateType, string certificate) =>
        await CallAsync(CertificateMessages.InstallCertificateRequest(certificateType, certificate, await SpeaksV201Async()));

    public async Task<ChargePointCallResult> DeleteCertificateAsync(CertificateHashData certificate)
    {
        var result = await ChargePoint.CallAsync(CertificateMessages.DeleteCertificate, CertificateMessages.DeleteCertificateRequest(certificate));
        if (result.AnsweredStatus() is "Accepted" or "NotFound")
        {
            // The charge point no longer holds it, whatever it held before: the recorded reports stop listing it.
            var changed = false;
            foreach (var (type, report) in State.Installed.ToList())
            {
                var kept = report.Certificates.Where(c => c != certificate).ToList();
                if (kept.Count != report.Certificates.Count)
                {
                    State.Installed[type] = report with { Certificates = kept };
                    changed = true;
                }
            }

            if (changed)
            {
                await WriteAsync();
            }
        }

        return result;
    }

    public async Task<ChargePointCallResult> ExtendedTriggerMessageAsync(string requestedMessage, int? connectorId) =>
        await SpeaksV201Async()
            // 2.0.1 took the security extension's triggers into TriggerMessage itself.
            ? await ChargePoint.CommandAsync(new TriggerMessageCommand(requestedMessage, connectorId))
            : await ChargePoint.CallAsync(CertificateMessages.ExtendedTriggerMessage, CertificateMessages.ExtendedTriggerMessageRequest(requestedMessage, connectorId));

    public Task<bool> IsIssuedAsync(string thumbprintSha256, DateTimeOffset at) =>
        Task.FromResult(State.Issued.Any(c =>
            string.Equals(c.ThumbprintSha256, thumbprintSha256, StringComparison.OrdinalIgnoreCase)
            && c.NotBefore <= at && at < c.NotAfter
            && c.Answer is not ("Rejected" or "NotConnected")));

    public async Task ForgetAsync()
    {
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }

        state.State = new ChargePointCertificatesState();
    }

    /// <summary>Whether the charge point speaks OCPP 2.0.1: on its current connection, or else on its last one.</summary>
    private async Task<bool> SpeaksV201Async() =>
        await ChargePoint.GetAsync() is { } chargePoint && (chargePoint.Session?.Protocol ?? chargePoint.Protocol) == OcppProtocols.V201;

    /// <summary>Sends a phrased call; one the station's version cannot say is refused unsent.</summary>
    private Task<ChargePointCallResult> CallAsync(CertificateCall call) => call.Refusal is { } why
        ? Task.FromResult(new ChargePointCallResult(CallOutcome.NotSupportedByProtocol, ErrorDescription: why))
        : ChargePoint.CallAsync(call.Action, call.Payload);

    private SigningRequestRecord? Request(int requestId) => State.SigningRequests.Find(r => r.Id == requestId);

    /// <summary>Why a chain cannot be sent for a signing request now, or null when it waits for one.</summary>
    private async Task<CertificateDelivery?> Waiting(int requestId)
    {
        if (await ChargePoint.GetAsync() is null)
        {
            return new CertificateDelivery(CertificateDeliveryOutcome.UnknownChargePoint);
        }

        return Request(requestId) switch
        {
            null => new CertificateDelivery(CertificateDeliveryOutcome.UnknownRequest, Detail: $"'{Key}' sent no signing request {requestId}, or it is no longer kept."),
            { Status: "Pending" } => null,
            var other => new CertificateDelivery(CertificateDeliveryOutcome.NotPending, Detail: $"Signing request {requestId} is {other.Status}, not waiting for a certificate."),
        };
    }

    /// <summary>
    /// Records the certificate as issued (trusted from here on), sends the chain and records the charge point's answer.
    /// A chain that never reached the charge point leaves the request waiting, so it can be sent again.
    /// </summary>
    private async Task<CertificateDelivery> DeliverAsync(SigningRequestRecord request, string chain, X509Certificate2 leaf, string source)
    {
        var issued = CertificateChains.Describe(leaf, source, request.Id, Now);
        State.Issued.RemoveAll(c => c.NotAfter < Now);
        State.Issued.Add(issued);
        if (State.Issued.Count > KeptIssuedCertificates)
        {
            State.Issued.RemoveRange(0, State.Issued.Count - KeptIssuedCertificates);
        }

        Replace(request with { Status = "Sent", CertificateSerialNumber = issued.SerialNumber });
        await WriteAsync();

        var result = await ChargePoint.CallAsync(
            CertificateMessages.CertificateSigned, CertificateMessages.CertificateSignedRequest(chain, request.CertificateType, await SpeaksV201Async()));
        var (answer, detail) = result.Outcome switch
        {
            CallOutcome.Completed => (result.AnsweredStatus() ?? "Invalid", null),
            CallOutcome.Failed => ("CallError", $"{result.ErrorCode}: {result.ErrorDescription}"),
            _ => (result.Outcome.ToString(), (string?)null),
        };
        var answered = issued with { Answer = answer, AnsweredAt = Now, Detail = detail };
        var index = State.Issued.FindIndex(c => c.ThumbprintSha256 == issued.ThumbprintSha256);
        if (index >= 0)
        {
            State.Issued[index] = answered;
        }

        if (result.Outcome != CallOutcome.Completed)
        {
            Replace(request with { Status = "Pending" });
        }

        await WriteAsync();
        if (answer != "Accepted")
        {
            LogNotAccepted(logger, Key, request.Id, issued.SerialNumber, answer);
        }

        return new CertificateDelivery(CertificateDeliveryOutcome.Sent, answered);
    }

    private void Replace(SigningRequestRecord request)
    {
        var index = State.SigningRequests.FindIndex(r => r.Id == request.Id);
        if (index >= 0)
        {
            State.SigningRequests[index] = request;
        }
    }

    private Task WriteAsync()
    {
        State.ChargePointId = Key;
        return state.WriteStateAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Charge point {ChargePointId}: signing request {RequestId} rejected: {Reason}")]
    private static partial void LogRejectedCsr(ILogger logger, string chargePointId, int requestId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Charge point {ChargePointId}: signing request {RequestId} for CN={CommonName} waits for an operator's certificate chain")]
    private static partial void LogWaitingForOperator(ILogger logger, string chargePointId, int requestId, string commonName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Charge point {ChargePointId}: CertificateSigned for signing request {RequestId} (serial {SerialNumber}) ended {Answer}")]
    private static partial void LogNotAccepted(ILogger logger, string chargePointId, int requestId, string serialNumber, string answer);
}
