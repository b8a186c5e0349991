using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Auth;

/// <summary>
/// Signs in a request without credentials as admin while no API key and no account exist: the first-run mode, which
/// the host only allows on loopback. Once either exists it signs in nobody.
/// </summary>
public sealed class OpenModeAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    OperatorAccountPresence presence) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string UserName = "anonymous";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!await presence.IsOpenAsync(Context.RequestAborted))
        {
            return AuthenticateResult.NoResult();
        }

        var principal = CsmsAuthorization.Principal(UserName, OperatorRole.Admin, Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }
}
