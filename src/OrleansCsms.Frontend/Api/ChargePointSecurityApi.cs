using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansCsms.Frontend.Tls;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// OCPP 1.6 security profiles: rotating a charge point's AuthorizationKey (its Basic auth password), raising its
/// security profile, and lowering the profile the CSMS admits it on, which only an operator's explicit request does.
/// </summary>
public static class ChargePointSecurityApi
{
    private const string Tag = "Charge point security";
    private const int MinKeyBytes = 16;
    private const int MaxKeyBytes = 20;
    private const int MaxUrlLength = 512;
    private const int DefaultMessageTimeout = 30;
    private const string DefaultOcppInterface = "Wired0";
    private static readonly string[] OcppInterfaces = ["Wired0", "Wired1", "Wired2", "Wired3", "Wireless0", "Wireless1", "Wireless2", "Wireless3"];

    public static IEndpointRouteBuilder MapChargePointSecurityApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/charge-points/{id}")
            .AddEndpointFilter(ChargePointIdRoute.ValidateAsync)
            .ProducesValidationProblem()
            .WithTags(Tag);

        group.MapPost("/authorization-key", RotateAuthorizationKeyAsync)
            .Accepts<AuthorizationKeyRequest>("application/json")
            .ProducesCallProblems()
            .WithName("RotateAuthorizationKey")
            .WithSummary("Sends a new Basic auth password (1.6: ChangeConfiguration AuthorizationKey, 2.0.1: SetVariables SecurityCtrlr.BasicAuthPassword); once the charge point accepts, it is its password and the old one is refused.");

        group.MapPost("/security-profile", UpgradeSecurityProfileAsync)
            .Accepts<SecurityProfileUpgradeRequest>("application/json")
            .ProducesCallProblems()
            .WithName("UpgradeSecurityProfile")
            .WithSummary("Sends a higher security profile (1.6: ChangeConfiguration SecurityProfile, 2.0.1: SetNetworkProfile and NetworkConfigurationPriority); once the charge point accepts, connections below it are refused.");

        group.MapPost("/security-profile/lower", LowerSecurityProfileAsync)
            .Accepts<SecurityProfileLoweringRequest>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("LowerSecurityProfile")
            .WithSummary("Lowers the security profile the CSMS admits the charge point on, recording why; sends nothing to the charge point.");

        return endpoints;
    }

    public static async Task<Results<Ok<SecurityChangeResponse>, ValidationProblem, ProblemHttpResult>> RotateAuthorizationKeyAsync(
        string id, JsonBody<AuthorizationKeyRequest> body, [FromServices] IGrainFactory grains)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors().Check(
            request.Key is null || IsAuthorizationKey(request.Key),
            "key",
            $"Must be {MinKeyBytes}-{MaxKeyBytes} bytes written as {MinKeyBytes * 2}-{MaxKeyBytes * 2} hexadecimal characters, or left out for a random key.");
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var key = request.Key ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(MaxKeyBytes));
        var result = await grains.GetGrain<IChargePointSecurityGrain>(id).RotateAuthorizationKeyAsync(key);

        // A charge point that reconnected with the new key before answering (its old connection closed) has it all the same.
        if ((result.Call.Outcome != CallOutcome.Completed && !result.Applied) || result.Security is null)
        {
            var problem = result.Call.ToProblem(id, "ChangeConfiguration AuthorizationKey");
            problem.ProblemDetails.Detail += result.Call.Outcome == CallOutcome.TimedOut
                ? " The old password stays; the new key is accepted once, and becomes the password when the charge point connects with it."
                : " The old password stays.";
            return problem;
        }

        return TypedResults.Ok(new SecurityChangeResponse(ConfigurationAnswers.StatusOf(result.Call), result.Applied, result.Security.ToResponse()));
    }

    public static async Task<Results<Ok<SecurityChangeResponse>, ValidationProblem, ProblemHttpResult>> UpgradeSecurityProfileAsync(
        string id, JsonBody<SecurityProfileUpgradeRequest> body, [FromServices] IGrainFactory grains, [FromServices] IOptions<TlsOptions> tls)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors().Check(request.Profile is >= 1 and <= 3, "profile", "Must be 1, 2 or 3.");
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (await grains.GetGrain<IChargePointGrain>(id).GetAsync() is not { } state)
        {
            return ApiProblems.UnknownChargePoint(id);
        }

        var profile = request.Profile!.Value;
        var v201 = (state.Session?.Protocol ?? state.Protocol) == OcppProtocols.V201;
        var networkErrors = NetworkProfileErrors(request, v201);
        if (!networkErrors.IsValid)
        {
            return networkErrors.ToProblem();
        }

        if (UpgradeObstacle(state, profile, tls.Value) is { } obstacle)
        {
            return ApiProblems.Conflict("Security profile cannot be raised", obstacle);
        }

        var security = grains.GetGrain<IChargePointSecurityGrain>(id);
        var result = v201
            ? await security.UpgradeNetworkProfileAsync(profile, new NetworkProfileChange(
                request.ConfigurationSlot!.Value, request.OcppCsmsUrl!, request.OcppInterface ?? DefaultOcppInterface, request.MessageTimeout ?? DefaultMessageTimeout))
            : await security.UpgradeSecurityProfileAsync(profile);
        if (result.Call.Outcome != CallOutcome.Completed || result.Security is null)
        {
            var problem = result.Call.ToProblem(id, v201 ? "SetNetworkProfile" : "ChangeConfiguration SecurityProfile");
            problem.ProblemDetails.Detail += $" The minimum security profile stays {state.Security.MinimumProfile}.";
            return problem;
        }

        return TypedResults.Ok(new SecurityChangeResponse(ConfigurationAnswers.StatusOf(result.Call), result.Applied, result.Security.ToResponse()));
    }

    public static async Task<Results<Ok<ChargePointSecurityResponse>, ValidationProblem, ProblemHttpResult>> LowerSecurityProfileAsync(
        string id, JsonBody<SecurityProfileLoweringRequest> body, [FromServices] IGrainFactory grains)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors()
            .Check(request.Profile is >= 0 and <= 2, "profile", "Must be 0, 1 or 2.")
            .Length("reason", request.Reason?.Trim(), 1, ChargePointRules.MaxTextLength);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var chargePoint = grains.GetGrain<IChargePointGrain>(id);
        if (await chargePoint.GetAsync() is not { } state)
        {
            return ApiProblems.UnknownChargePoint(id);
        }

        if (request.Profile >= state.Security.MinimumProfile)
        {
            return ApiProblems.Conflict(
                "Not a lowering", $"'{id}' is admitted on profile {state.Security.MinimumProfile} or higher; raising it goes through the charge point (POST …/security-profile).");
        }

        var security = await chargePoint.LowerMinimumSecurityProfileAsync(request.Profile!.Value, request.Reason!.Trim());
        return security is null ? ApiProblems.UnknownChargePoint(id) : TypedResults.Ok(security.ToResponse());
    }

    /// <summary>
    /// The network profile fields: required of an OCPP 2.0.1 station, which is given a whole network profile, and
    /// meaningless to a 1.6 one, which keeps its URL.
    /// </summary>
    private static ValidationErrors NetworkProfileErrors(SecurityProfileUpgradeRequest request, bool v201)
    {
        var errors = new ValidationErrors();
        if (!v201)
        {
            return errors.Check(
                request.ConfigurationSlot is null && request.OcppCsmsUrl is null && request.OcppInterface is null && request.MessageTimeout is null,
                "configurationSlot",
                "Only for OCPP 2.0.1 stations: an OCPP 1.6 charge point keeps its URL and is sent SecurityProfile alone.");
        }

        return errors
            .Check(request.ConfigurationSlot is >= 0, "configurationSlot", "Required of an OCPP 2.0.1 station: the network configuration slot, 0 or above.")
            .Check(
                request.OcppCsmsUrl is { Length: <= MaxUrlLength } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "ws" or "wss",
                "ocppCsmsUrl",
                $"Required of an OCPP 2.0.1 station: the ws:// or wss:// URL it connects to on the new profile, at most {MaxUrlLength} characters.")
            .Check(request.OcppInterface is null || OcppInterfaces.Contains(request.OcppInterface), "ocppInterface", $"Must be one of {string.Join(", ", OcppInterfaces)}.")
            .Check(request.MessageTimeout is null or > 0, "messageTimeout", "Must be above 0 seconds.");
    }

    /// <summary>Why the charge point could not connect on <paramref name="profile"/> once it switched; null when it could.</summary>
    private static string? UpgradeObstacle(ChargePointState state, int profile, TlsOptions tls)
    {
        if (profile <= state.Security.MinimumProfile)
        {
            return $"'{state.Id}' is already admitted only on profile {state.Security.MinimumProfile} or higher; lowering it is POST …/security-profile/lower.";
        }

        if (profile <= 2 && state.PasswordHash is null)
        {
            return $"Profile {profile} authenticates with a Basic auth password, and '{state.Id}' has none: rotate its AuthorizationKey first.";
        }

        if (profile == 2 && string.IsNullOrWhiteSpace(tls.Url))
        {
            return "Profile 2 needs the wss endpoint, and Tls:Url is not set.";
        }

        return profile == 3 && string.IsNullOrWhiteSpace(tls.ClientCertificateUrl)
            ? "Profile 3 needs the wss endpoint with client certificates, and Tls:ClientCertificateUrl is not set."
            : null;
    }

    private static bool IsAuthorizationKey(string key) =>
        key.Length % 2 == 0 && key.Length >= MinKeyBytes * 2 && key.Length <= MaxKeyBytes * 2 && key.All(char.IsAsciiHexDigit);
}
