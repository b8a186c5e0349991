using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>Charging sessions and their meter values.</summary>
public static class TransactionsApi
{
    private const string Tag = "Transactions";

    public static IEndpointRouteBuilder MapTransactionsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/transactions").WithTags(Tag);

        group.MapGet("/", ListAsync)
            .WithName("ListTransactions")
            .WithSummary("Lists transactions, newest first; from and to bound the start time (ISO 8601).");

        group.MapGet("/{id}", GetAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetTransaction")
            .WithSummary("Returns a transaction with its latest readings and every stored meter value.");

        group.MapPost("/{id}/stop", StopAsync)
            .Accepts<StopTransactionByOperatorRequest>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("StopTransaction")
            .WithSummary("Ends a transaction in the CSMS (for billing, its meter stop from the last energy reading) whether or not its charge point is connected, and sends it RemoteStopTransaction when it is; a StopTransaction the charge point sends later replaces the figures with its own. The body (optional) gives the reason.");

        return endpoints;
    }

    /// <summary>Transaction grains are keyed by the OCPP transaction id in invariant digits.</summary>
    public static ITransactionGrain GetGrain(IGrainFactory grains, int transactionId) =>
        grains.GetGrain<ITransactionGrain>(transactionId);

    public static async Task<Results<Ok<PagedResponse<TransactionSummary>>, ValidationProblem>> ListAsync(
        string? chargePointId,
        string? idTag,
        string? from,
        string? to,
        bool? active,
        int? page,
        int? pageSize,
        [FromServices] ICsmsQueries queries,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var start = ParseTimestamp(from, "from", errors);
        var end = ParseTimestamp(to, "to", errors);
        errors.Check(start is null || end is null || start <= end, "to", "Must not be before 'from'.");
        var (pageNumber, size) = Paging.Resolve(page, pageSize, errors);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var query = new TransactionQuery(chargePointId, idTag, start, end, active, pageNumber, size);
        var result = await queries.ListTransactionsAsync(query, cancellationToken);
        return TypedResults.Ok(result.ToResponse(TransactionMapping.ToSummary));
    }

    public static async Task<Results<Ok<TransactionDetails>, ProblemHttpResult>> GetAsync(
        string id,
        [FromServices] IGrainFactory grains,
        [FromServices] IMeterValueStore meterValues,
        CancellationToken cancellationToken)
    {
        // Any id that is not an int32 cannot name an OCPP 1.6 transaction, so it is as unknown as a missing one.
        if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var transactionId)
            || await GetGrain(grains, transactionId).GetAsync() is not { } state)
        {
            return ApiProblems.NotFound("Unknown transaction", $"No transaction '{id}' is known.");
        }

        var values = await meterValues.ListByTransactionAsync(transactionId, cancellationToken);
        return TypedResults.Ok(state.ToDetails(values));
    }

    public static async Task<Results<Ok<StopTransactionByOperatorResponse>, ValidationProblem, ProblemHttpResult>> StopAsync(
        string id,
        HttpRequest httpRequest,
        [FromServices] IGrainFactory grains,
        CancellationToken cancellationToken)
    {
        // The body is optional: a bare POST ends the transaction with a stock reason.
        string? reason = null;
        if (httpRequest.ContentLength is > 0 || httpRequest.Headers.TransferEncoding.Count > 0)
        {
            var body = await JsonBody<StopTransactionByOperatorRequest>.BindAsync(httpRequest.HttpContext);
            if (body.Value is not { } request)
            {
                return body.Rejection!;
            }

            var errors = new ValidationErrors().Length("reason", request.Reason, 1, 500, required: false);
            if (!errors.IsValid)
            {
                return errors.ToProblem();
            }

            reason = request.Reason;
        }

        if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var transactionId)
            || await GetGrain(grains, transactionId).GetAsync() is not { } before)
        {
            return ApiProblems.NotFound("Unknown transaction", $"No transaction '{id}' is known.");
        }

        var chargePoint = grains.GetGrain<IChargePointGrain>(before.ChargePointId);
        var ended = await chargePoint.EndTransactionAsync(transactionId, new TransactionEnd(TransactionEnders.Operator, reason ?? "Ended by an operator."));
        if (ended is null)
        {
            return ApiProblems.NotFound("Unknown transaction", $"No transaction '{id}' is known.");
        }

        var remoteStop = "NotSent";
        if (before.Active)
        {
            var call = await chargePoint.CommandAsync(new RemoteStopCommand(transactionId), cancellationToken: cancellationToken);
            remoteStop = call.Outcome switch
            {
                CallOutcome.Completed => call.Payload is { } payload && payload.TryGetProperty("status", out var status) ? status.GetString() ?? "Failed" : "Failed",
                CallOutcome.UnknownChargePoint => "NotConnected",
                _ => call.Outcome.ToString(),
            };
        }

        return TypedResults.Ok(new StopTransactionByOperatorResponse(ended.ToSummary(), before.Active, remoteStop));
    }

    /// <summary>Accepts ISO 8601 date-times only; an offset-less one is taken as UTC.</summary>
    internal static DateTimeOffset? ParseTimestamp(string? value, string field, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        // An unencoded '+' of an offset arrives as a space; nothing else in an ISO 8601 date-time can be a space.
        value = value.Replace(' ', '+');
        string[] formats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd"];
        if (DateTimeOffset.TryParseExact(value, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }

        errors.Add(field, "Must be an ISO 8601 date-time, such as 2024-05-01T12:00:00Z.");
        return null;
    }
}
