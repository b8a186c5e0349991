using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansCsms.Frontend.Ocpp;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>Reservations of connectors for an id tag (OCPP 1.6 Reservation profile: ReserveNow and CancelReservation).</summary>
public static class ReservationsApi
{
    private const string Tag = "Reservations";

    public static IEndpointRouteBuilder MapReservationsApi(this IEndpointRouteBuilder endpoints)
    {
        var chargePoint = endpoints.MapGroup("/charge-points/{id}/reservations").WithTags(Tag);

        chargePoint.MapPost("/", ReserveAsync)
            .Accepts<CreateReservationRequest>("application/json")
            .Produces<ReservationCommandResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesCallProblems()
            .WithName("ReserveNow")
            .WithSummary(
                "Asks the charge point to reserve a connector (0: any; of an OCPP 2.0.1 station an EVSE, optionally only a connector of connectorType) for an id tag " +
                "until an expiry (ReserveNow). Answers 201 with the " +
                "stored reservation when the charge point accepts, and 200 with its status (Faulted, Occupied, Rejected, Unavailable) when not.");

        chargePoint.MapGet("/", ListAsync)
            .WithName("ListChargePointReservations")
            .WithSummary("Lists a charge point's reservations, newest first.");

        var reservations = endpoints.MapGroup("/reservations").WithTags(Tag);

        reservations.MapGet("/{reservationId}", GetAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetReservation")
            .WithSummary("Returns a reservation: Reserved, Used (with the transaction that used it), Cancelled or Expired.");

        reservations.MapDelete("/{reservationId}", CancelAsync)
            .ProducesCallProblems()
            .WithName("CancelReservation")
            .WithSummary(
                "Asks the charge point to cancel a reservation (CancelReservation) and marks it Cancelled when it accepts; answers with " +
                "the charge point's status (Accepted or Rejected). 409 when the reservation is no longer Reserved.");

        return endpoints;
    }

    public static async Task<Results<Created<ReservationCommandResponse>, Ok<ReservationCommandResponse>, ValidationProblem, ProblemHttpResult>> ReserveAsync(
        string id,
        JsonBody<CreateReservationRequest> body,
        [FromServices] IGrainFactory grains,
        [FromServices] IOptions<OcppOptions> ocpp,
        [FromServices] TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var now = time.GetUtcNow();
        var maxConnectorId = ocpp.Value.MaxConnectorId;
        var errors = new ValidationErrors()
            .Check(request.ConnectorId is >= 0 && request.ConnectorId <= maxConnectorId, "connectorId", $"Required, 0 (the whole charge point) to {maxConnectorId}.")
            .IdTag("idTag", request.IdTag)
            .IdTag("parentIdTag", request.ParentIdTag, required: false)
            .Check(request.ExpiryDate is not null, "expiryDate", "Required.")
            .Check(request.ExpiryDate is null || request.ExpiryDate > now, "expiryDate", "Must be in the future.")
            .ConnectorType(request.ConnectorType);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var reservationId = await grains.GetGrain<IReservationIdsGrain>(IReservationIdsGrain.Key).NextAsync();
        var outcome = await grains.GetGrain<IReservationGrain>(reservationId).ReserveAsync(
            new ReservationRequest(id, request.ConnectorId!.Value, request.IdTag!, request.ExpiryDate!.Value, request.ParentIdTag, request.ConnectorType), cancellationToken);
        var call = outcome.Call!;
        if (call.Outcome != CallOutcome.Completed)
        {
            return call.ToProblem(id, "ReserveNow");
        }

        if (call.AnsweredStatus() is not { } status)
        {
            return NoStatus(id, "ReserveNow");
        }

        if (outcome.Reservation is not { } reservation)
        {
            return TypedResults.Ok(new ReservationCommandResponse(status, null));
        }

        return TypedResults.Created(
            $"/api/reservations/{reservation.ReservationId.ToString(CultureInfo.InvariantCulture)}",
            new ReservationCommandResponse(status, reservation.ToResponse(time.GetUtcNow())));
    }

    public static async Task<Results<Ok<PagedResponse<ReservationResponse>>, ValidationProblem>> ListAsync(
        string id,
        int? page,
        int? pageSize,
        [FromServices] ICsmsQueries queries,
        [FromServices] TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (pageNumber, size) = Paging.Resolve(page, pageSize, errors);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var result = await queries.ListReservationsAsync(id, pageNumber, size, cancellationToken);
        var now = time.GetUtcNow();
        return TypedResults.Ok(result.ToResponse(r => r.ToResponse(now)));
    }

    public static async Task<Results<Ok<ReservationResponse>, ProblemHttpResult>> GetAsync(
        string reservationId, [FromServices] IGrainFactory grains, [FromServices] TimeProvider time) =>
        ParseId(reservationId) is { } number && await grains.GetGrain<IReservationGrain>(number).GetAsync() is { } state
            ? TypedResults.Ok(state.ToResponse(time.GetUtcNow()))
            : UnknownReservation(reservationId);

    public static async Task<Results<Ok<ReservationCommandResponse>, ProblemHttpResult>> CancelAsync(
        string reservationId, [FromServices] IGrainFactory grains, [FromServices] TimeProvider time, CancellationToken cancellationToken)
    {
        if (ParseId(reservationId) is not { } number)
        {
            return UnknownReservation(reservationId);
        }

        var outcome = await grains.GetGrain<IReservationGrain>(number).CancelAsync(cancellationToken);
        switch (outcome)
        {
            case { Reservation: null }:
                return UnknownReservation(reservationId);
            case { Call: null, Reservation: { } ended }:
                return ApiProblems.Conflict(
                    "Reservation not active",
                    $"Reservation {reservationId} is {ended.StatusAt(time.GetUtcNow())}; only a Reserved one can be cancelled.");
            case { Call: { Outcome: not CallOutcome.Completed } call, Reservation: { } reserved }:
                return call.ToProblem(reserved.ChargePointId, "CancelReservation");
        }

        var chargePointId = outcome.Reservation!.ChargePointId;
        return outcome.Call!.AnsweredStatus() is { } status
            ? TypedResults.Ok(new ReservationCommandResponse(status, outcome.Reservation.ToResponse(time.GetUtcNow())))
            : NoStatus(chargePointId, "CancelReservation");
    }

    private static ProblemHttpResult NoStatus(string chargePointId, string action) => TypedResults.Problem(
        statusCode: StatusCodes.Status502BadGateway,
        title: "Charge point answered without a status",
        detail: $"'{chargePointId}' answered {action} without a status.");

    // Any id that is not a positive int32 cannot name an OCPP 1.6 reservation made here, so it is as unknown as a missing one.
    private static int? ParseId(string reservationId) =>
        int.TryParse(reservationId, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : null;

    private static ProblemHttpResult UnknownReservation(string reservationId) =>
        ApiProblems.NotFound("Unknown reservation", $"No reservation '{reservationId}' is known.");
}
