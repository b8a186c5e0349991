using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace OrleansCsms.Grains;

/// <summary>
/// Asks the contract certificate service and the OCSP responder for a station. It keeps nothing: a stateless worker,
/// so that a station's waits on those services never queue behind each other or behind its other messages.
/// </summary>
[GrainType(GrainTypes.Iso15118Certificates)]
[StatelessWorker]
public sealed partial class Iso15118CertificatesGrain(
    Iso15118CertificateServices services, ContractCertificateValidation contracts, ILogger<Iso15118CertificatesGrain> logger)
    : Grain, IIso15118CertificatesGrain
{
    private string Station => this.GetPrimaryKeyString();

    public async Task<EvCertificateAnswer> GetEvCertificateAsync(EvCertificateRequest request)
    {
        var answer = await services.GetEvCertificateAsync(Station, request);
        LogEvCertificate(logger, Station, request.Action, answer.Status, answer.Detail);
        return answer;
    }

    public async Task<CertificateStatusAnswer> GetCertificateStatusAsync(OcspRequestData request)
    {
        var answer = await services.GetCertificateStatusAsync(request);
        LogCertificateStatus(logger, Station, request.SerialNumber, answer.Status, answer.Detail);
        return answer;
    }

    public async Task<ContractCertificateVerdict> ValidateContractCertificateAsync(ContractCertificateCheck check)
    {
        var verdict = await contracts.ValidateAsync(check);
        LogContractCertificate(logger, Station, check.CertificateChain is null ? "hash data" : "chain", verdict.CertificateStatus, verdict.Detail);
        return verdict;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Station {ChargePointId}: Authorize with a contract certificate ({Form}) judged {Status}: {Detail}")]
    private static partial void LogContractCertificate(ILogger logger, string chargePointId, string form, string status, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Station {ChargePointId}: Get15118EVCertificate {Action} answered {Status} {Detail}")]
    private static partial void LogEvCertificate(ILogger logger, string chargePointId, string action, string status, string? detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Station {ChargePointId}: GetCertificateStatus of serial {SerialNumber} answered {Status} {Detail}")]
    private static partial void LogCertificateStatus(ILogger logger, string chargePointId, string serialNumber, string status, string? detail);
}
