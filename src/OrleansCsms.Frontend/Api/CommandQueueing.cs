using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// A command's queueing, from its query: with ?queue=true a command to a charge point that is offline is stored and
/// sent after its next accepted boot, unless ?expiresIn= seconds (CommandQueue:DefaultExpirySeconds when left out) pass first.
/// </summary>
public readonly record struct CommandQueueing(
    [FromQuery(Name = "queue")] bool? Queue,
    [FromQuery(Name = "expiresIn")] int? ExpiresIn,
    [FromServices] IOptions<CommandQueueOptions> Options,
    [FromServices] TimeProvider Time)
{
    public ValidationErrors Validate(ValidationErrors errors)
    {
        var max = Options.Value.MaxExpirySeconds;
        return errors
            .Check(ExpiresIn is null || (ExpiresIn > 0 && ExpiresIn <= max), "expiresIn", $"Must be 1 to {max} seconds.")
            .Check(ExpiresIn is null || Queue == true, "expiresIn", "Only a queued command expires: add queue=true.");
    }

    /// <summary>Queues <paramref name="command"/> for the charge point: 202 with the queued command, or why it could not be.</summary>
    public async Task<Results<Ok<JsonElement>, Accepted<QueuedCommandResponse>, ValidationProblem, ProblemHttpResult>> QueueAsync(
        IChargePointGrain chargePoint, string id, ChargePointCommand command)
    {
        var expiresAt = Time.GetUtcNow().AddSeconds(ExpiresIn ?? Options.Value.DefaultExpirySeconds);
        var result = await chargePoint.QueueCommandAsync(command, expiresAt);
        if (result.UnknownChargePoint)
        {
            return ApiProblems.UnknownChargePoint(id);
        }

        if (result.Queued is not { } queued)
        {
            return ApiProblems.Conflict("Command queue full", $"'{id}' already has as many commands waiting as it may; remove some or wait for it to reconnect.");
        }

        var location = string.Create(CultureInfo.InvariantCulture, $"/api/charge-points/{Uri.EscapeDataString(id)}/queued-commands/{queued.Id}");
        return TypedResults.Accepted(location, QueuedCommandResponse.Of(queued, Time.GetUtcNow()));
    }
}

/// <summary>How long queued commands wait for their charge point, bound from the "CommandQueue" configuration section.</summary>
public sealed class CommandQueueOptions
{
    /// <summary>How long a queued command waits when the request gives no ?expiresIn=, in seconds.</summary>
    [Range(1, 31_536_000)]
    public int DefaultExpirySeconds { get; set; } = 3_600;

    /// <summary>The longest ?expiresIn= a request may give, in seconds.</summary>
    [Range(1, 31_536_000)]
    public int MaxExpirySeconds { get; set; } = 604_800;
}

/// <summary>
/// A command queued for an offline charge point. Status: Pending (waiting for its next accepted boot), Delivered (sent
/// and answered: Answer is the charge point's CALLRESULT payload), Failed (a CALLERROR, or no answer), Expired (never sent).
/// </summary>
public sealed record QueuedCommandResponse(
    int Id, string Status, JsonElement Command, DateTimeOffset QueuedAt, DateTimeOffset ExpiresAt, DateTimeOffset? SettledAt, JsonElement? Answer, string? Error)
{
    public static QueuedCommandResponse Of(QueuedCommand queued, DateTimeOffset now) => new(
        queued.Id,
        queued.StatusAt(now),
        JsonSerializer.SerializeToElement(queued.Command, GrainJson.Options),
        queued.QueuedAt,
        queued.ExpiresAt,
        queued.SettledAt,
        queued.Answer is { } answer ? JsonSerializer.Deserialize<JsonElement>(answer) : null,
        queued.Error);
}
