using Microsoft.Extensions.Options;
using OrleansCsms.Frontend.Auth;

namespace OrleansCsms.Frontend.Ocpp;

/// <summary>
/// Whether unknown charge points may register themselves: as Ocpp:Admission says, or, when it says nothing, only
/// while the CSMS runs in its first-run open mode (no API key, no operator account). A CSMS someone has secured
/// does not let strangers in by default.
/// </summary>
public sealed class AdmissionPolicy(IOptions<OcppOptions> ocpp, OperatorAccountPresence presence)
{
    public async ValueTask<bool> IsOpenAsync(CancellationToken cancellationToken) =>
        ocpp.Value.Admission switch
        {
            "open" => true,
            "closed" => false,
            _ => await presence.IsOpenAsync(cancellationToken),
        };

    /// <summary>The policy in effect and why, for the start-up log.</summary>
    public async ValueTask<string> DescribeAsync(CancellationToken cancellationToken) =>
        ocpp.Value.Admission is { } configured
            ? configured
            : await IsOpenAsync(cancellationToken) ? "open (no API key or operator account yet; set Ocpp:Admission to choose)" : "closed (API keys or operator accounts exist; set Ocpp:Admission to choose)";
}
