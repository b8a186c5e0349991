using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// Customer information held by OCPP 2.0.1 stations (N09, N10): asking a station to report and/or clear what it
/// holds of one customer, and reading the reports its NotifyCustomerInformation parts made up. A customer cleared by
/// id token also leaves the station's local authorization list (D01), so the list does not hand the token back.
/// </summary>
public static class CustomerInformationApi
{
    private const string Tag = "Customer information (OCPP 2.0.1)";

    public static IEndpointRouteBuilder MapCustomerInformationApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/charge-points/{id}/customer-information")
            .AddEndpointFilter(ChargePointIdRoute.ValidateAsync)
            .WithTags(Tag);

        group.MapPost("", RequestAsync)
            .Accepts<CustomerInformationBody>("application/json")
            .ProducesValidationProblem()
            .ProducesCallProblems()
            .WithName("RequestCustomerInformation")
            .WithSummary("Asks an OCPP 2.0.1 station to report and/or clear what it holds of one customer, named by customerIdentifier, idToken or customerCertificate (CustomerInformation); its NotifyCustomerInformation parts are kept under the requestId it answers with. A token cleared from the station also leaves its local list.");

        group.MapGet("", ListAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ListCustomerInformation")
            .WithSummary("Lists the latest customer information requests of a station, newest first, each with the station's answer and the report its parts made up.");

        group.MapGet("/{requestId:int}", GetAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetCustomerInformation")
            .WithSummary("Returns one customer information request of a station: the station's answer and the report its NotifyCustomerInformation parts made up, in seqNo order.");

        return endpoints;
    }

    public static async Task<Results<Ok<CustomerInformationResponse>, ValidationProblem, ProblemHttpResult>> RequestAsync(
        string id, JsonBody<CustomerInformationBody> body, [FromServices] IGrainFactory grains, [FromServices] TimeProvider time, CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = Validate(request);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (await V201StationCheck.RefusalAsync(grains, id, "CustomerInformation") is { } refusal)
        {
            return refusal;
        }

        // Request ids come from the counter jobs and reports use: a station never sees one twice.
        var requestId = await grains.GetGrain<IMaintenanceJobIdsGrain>(IMaintenanceJobIdsGrain.Key).NextAsync();
        var customer = new CustomerReference(
            request.CustomerIdentifier,
            request.IdToken?.IdToken,
            request.IdToken?.Type,
            request.CustomerCertificate is { } c ? new CertificateHashData(c.HashAlgorithm!, c.IssuerNameHash!, c.IssuerKeyHash!, c.SerialNumber!) : null);
        var information = grains.GetGrain<ICustomerInformationGrain>(id);
        await information.RequestedAsync(new CustomerInformationAsk(requestId, request.Report!.Value, request.Clear!.Value, customer, time.GetUtcNow()));

        var call = await grains.GetGrain<IChargePointGrain>(id).CallAsync("CustomerInformation", Payload(requestId, request), cancellationToken: cancellationToken);
        var status = call.Outcome switch
        {
            CallOutcome.Completed => call.AnsweredStatus() ?? "Unknown",
            CallOutcome.TimedOut => MaintenanceJobStates.NoAnswer,
            CallOutcome.Failed => MaintenanceJobStates.CallError,
            _ => MaintenanceJobStates.NotSent,
        };
        await information.AnsweredAsync(requestId, status);
        if (call.Outcome != CallOutcome.Completed)
        {
            var problem = call.ToProblem(id, "CustomerInformation");
            problem.ProblemDetails.Extensions["requestId"] = requestId;
            return problem;
        }

        if (status == "Accepted" && request.Clear == true && request.IdToken?.IdToken is { } token)
        {
            await LeaveLocalListAsync(grains, id, token);
        }

        var record = (await information.GetAsync()).Requests[requestId];
        return TypedResults.Ok(CustomerInformationResponse.From(requestId, record));
    }

    public static async Task<Results<Ok<CustomerInformationListResponse>, ProblemHttpResult>> ListAsync(string id, [FromServices] IGrainFactory grains)
    {
        if (await grains.GetGrain<IChargePointGrain>(id).GetAsync() is null)
        {
            return ApiProblems.UnknownChargePoint(id);
        }

        var kept = await grains.GetGrain<ICustomerInformationGrain>(id).GetAsync();
        return TypedResults.Ok(new CustomerInformationListResponse([.. kept.Requests.Reverse().Select(r => CustomerInformationResponse.From(r.Key, r.Value))]));
    }

    public static async Task<Results<Ok<CustomerInformationResponse>, ProblemHttpResult>> GetAsync(string id, int requestId, [FromServices] IGrainFactory grains)
    {
        if (await grains.GetGrain<IChargePointGrain>(id).GetAsync() is null)
        {
            return ApiProblems.UnknownChargePoint(id);
        }

        var kept = await grains.GetGrain<ICustomerInformationGrain>(id).GetAsync();
        return kept.Requests.TryGetValue(requestId, out var record)
            ? TypedResults.Ok(CustomerInformationResponse.From(requestId, record))
            : ApiProblems.NotFound("Unknown customer information request", $"'{id}' keeps no customer information request {requestId}; only the latest are kept.");
    }

    private static ValidationErrors Validate(CustomerInformationBody request)
    {
        var identifiers = (request.CustomerIdentifier is null ? 0 : 1) + (request.IdToken is null ? 0 : 1) + (request.CustomerCertificate is null ? 0 : 1);
        var errors = new ValidationErrors()
            .Check(request.Report is not null, "report", "Required: whether the station reports what it holds of the customer.")
            .Check(request.Clear is not null, "clear", "Required: whether the station clears what it holds of the customer.")
            .Check(request.Report is not false || request.Clear is not false, "report", "Ask for a report, a clear, or both.")
            .Check(identifiers == 1, "customerIdentifier", "Name the customer by exactly one of customerIdentifier, idToken and customerCertificate.")
            .Length("customerIdentifier", request.CustomerIdentifier, 1, CustomerInformationRules.MaxCustomerIdentifierLength, required: false);
        if (request.IdToken is { } token)
        {
            errors.Length("idToken.idToken", token.IdToken, 1, CustomerInformationRules.MaxIdTokenLength)
                .OneOf("idToken.type", token.Type, CustomerInformationRules.IdTokenTypes);
        }

        if (request.CustomerCertificate is { } certificate)
        {
            errors.HashData("customerCertificate", certificate);
        }

        return errors;
    }

    private static JsonElement Payload(int requestId, CustomerInformationBody request)
    {
        var payload = new JsonObject { ["requestId"] = requestId, ["report"] = request.Report, ["clear"] = request.Clear };
        if (request.CustomerIdentifier is { } identifier)
        {
            payload["customerIdentifier"] = identifier;
        }

        if (request.IdToken is { } token)
        {
            payload["idToken"] = new JsonObject { ["idToken"] = token.IdToken, ["type"] = token.Type };
        }

        if (request.CustomerCertificate is { } certificate)
        {
            payload["customerCertificate"] = new JsonObject
            {
                ["hashAlgorithm"] = certificate.HashAlgorithm,
                ["issuerNameHash"] = certificate.IssuerNameHash,
                ["issuerKeyHash"] = certificate.IssuerKeyHash,
                ["serialNumber"] = certificate.SerialNumber,
            };
        }

        return JsonSerializer.SerializeToElement(payload);
    }

    /// <summary>N10.FR.05: a customer's token cleared from the station leaves the list the CSMS keeps of it too, which sends the change as a differential update.</summary>
    private static async Task LeaveLocalListAsync(IGrainFactory grains, string id, string token)
    {
        var list = grains.GetGrain<ILocalAuthListGrain>(id);
        if (await list.GetAsync() is { } view && view.Entries.Any(e => e.IdTag == token))
        {
            await list.UpdateAsync([], [token]);
        }
    }
}
