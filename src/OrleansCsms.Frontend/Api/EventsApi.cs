using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// The event stream: what happens to charge points, read from the event outbox, so any front-end serves it and a
/// client that reconnects (Last-Event-ID) or polls (after=) misses nothing: at least once, in stream order.
/// </summary>
public static class EventsApi
{
    private const string Tag = "Events";
    private const int StreamBatch = 500;
    private const int DefaultPageLimit = 100;
    private const int MaxPageLimit = 1_000;

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder endpoints)
    {
        var events = endpoints.MapGroup("/events").WithTags(Tag);
        events.MapGet("/", StreamAsync)
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesValidationProblem()
            .WithName("StreamEvents")
            .WithSummary(
                "Streams events as server-sent events (text/event-stream): id is the event's position, event its type, data the event as JSON. " +
                "A reconnecting client's Last-Event-ID header (or after=) resumes after that position; without either the stream starts now. " +
                "chargePointId= and types= (comma-separated) filter it. Idle streams get a comment line every Events:KeepAliveSeconds.");
        events.MapGet("/page", PageAsync)
            .ProducesValidationProblem()
            .WithName("ListEvents")
            .WithSummary(
                "Lists the events after a position (after=, default 0: the oldest kept), oldest first, up to limit (1-1000, default 100), " +
                "optionally of one charge point and some types. Poll with after= the page's lastId.");
        return endpoints;
    }

    public static async Task<Results<Ok<EventPageResponse>, ValidationProblem>> PageAsync(
        long? after, int? limit, string? chargePointId, string? types, [FromServices] IEventOutbox outbox, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.Check(after is null or >= 0, "after", "Must be 0 or more: an event id.");
        errors.Check(limit is null or >= 1 and <= MaxPageLimit, "limit", $"Must be 1-{MaxPageLimit}.");
        var filter = Filter(chargePointId, types, errors);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var from = after ?? 0;
        var page = await outbox.ReadAsync(new EventQuery(from, limit ?? DefaultPageLimit, filter.ChargePointId, filter.Types), cancellationToken);
        return TypedResults.Ok(new EventPageResponse([.. page.Select(ToResponse)], page.Count > 0 ? page[^1].Position : from));
    }

    public static async Task<IResult> StreamAsync(
        HttpContext http,
        long? after,
        string? chargePointId,
        string? types,
        [FromServices] IEventOutbox outbox,
        [FromServices] IOptions<EventOptions> options,
        [FromServices] TimeProvider time)
    {
        var errors = new ValidationErrors();
        var resumeFrom = after;
        if (http.Request.Headers.TryGetValue("Last-Event-ID", out var lastEventId) && !string.IsNullOrWhiteSpace(lastEventId))
        {
            // A browser's EventSource sends it when it reconnects, to the URL it first used: it wins over after=.
            if (long.TryParse(lastEventId.ToString().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var resumed))
            {
                resumeFrom = resumed;
            }
            else
            {
                errors.Add("Last-Event-ID", "Must be an event id this stream sent: a whole number, 0 or more.");
            }
        }

        errors.Check(after is null or >= 0, "after", "Must be 0 or more: an event id.");
        var filter = Filter(chargePointId, types, errors);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var cancellationToken = http.RequestAborted;
        var cursor = resumeFrom ?? await outbox.LastPositionAsync(cancellationToken);
        var settings = options.Value;
        var poll = TimeSpan.FromMilliseconds(settings.PollMilliseconds);
        var keepAlive = TimeSpan.FromSeconds(settings.KeepAliveSeconds);

        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";

        // Proxies that buffer responses (nginx) would hold events back until the buffer fills.
        response.Headers["X-Accel-Buffering"] = "no";
        try
        {
            await response.WriteAsync(": events after " + cursor.ToString(CultureInfo.InvariantCulture) + "\n\n", cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
            var lastWrite = time.GetUtcNow();
            while (!cancellationToken.IsCancellationRequested)
            {
                var batch = await outbox.ReadAsync(new EventQuery(cursor, StreamBatch, filter.ChargePointId, filter.Types), cancellationToken);
                if (batch.Count > 0)
                {
                    await response.Body.WriteAsync(Frames(batch), cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                    cursor = batch[^1].Position;
                    lastWrite = time.GetUtcNow();
                    if (batch.Count == StreamBatch)
                    {
                        continue;
                    }
                }
                else if (time.GetUtcNow() - lastWrite >= keepAlive)
                {
                    await response.WriteAsync(": keepalive\n\n", cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                    lastWrite = time.GetUtcNow();
                }

                await Task.Delay(poll, time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; it resumes from the last id it saw.
        }

        return Results.Empty;
    }

    /// <summary>Events as server-sent event frames: <c>id</c>, <c>event</c> and one <c>data</c> line of compact JSON each.</summary>
    private static byte[] Frames(IReadOnlyList<StoredEvent> batch)
    {
        using var buffer = new MemoryStream();
        foreach (var stored in batch)
        {
            buffer.Write(Encoding.UTF8.GetBytes($"id: {stored.Position.ToString(CultureInfo.InvariantCulture)}\nevent: {stored.Type}\ndata: "));
            buffer.Write(EventJson.Envelope(stored));
            buffer.Write("\n\n"u8);
        }

        return buffer.ToArray();
    }

    private static EventResponse ToResponse(StoredEvent stored)
    {
        using var data = JsonDocument.Parse(stored.Body);
        return new EventResponse(stored.Position, stored.Type, stored.ChargePointId, stored.Sequence, stored.Time, data.RootElement.Clone());
    }

    private static (string? ChargePointId, IReadOnlyList<string>? Types) Filter(string? chargePointId, string? types, ValidationErrors errors)
    {
        errors.Length("chargePointId", chargePointId, 1, 1000, required: false);
        if (types is null)
        {
            return (chargePointId, null);
        }

        var named = types.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var known = named.Select(EventTypes.Find).ToList();
        errors.Check(named.Length > 0 && known.TrueForAll(t => t is not null), "types", $"Must be event types separated by commas, of: {string.Join(", ", EventTypes.All)}.");
        return (chargePointId, [.. known.OfType<string>().Distinct()]);
    }
}

/// <summary>
/// One event: <c>id</c> its position in the stream (only grows), <c>sequence</c> its number among its charge point's
/// events (from 1, without gaps), <c>time</c> when the CSMS recorded it, <c>data</c> what happened.
/// </summary>
public sealed record EventResponse(long Id, string Type, string ChargePointId, long Sequence, DateTimeOffset Time, JsonElement Data);

/// <summary>A page of events, oldest first; <c>lastId</c> is the position to ask for the next page after.</summary>
public sealed record EventPageResponse(IReadOnlyList<EventResponse> Items, long LastId);
