using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansCsms.Grains;

/// <summary>
/// A command an operator queued for a charge point that was offline: kept in the charge point's state and sent, in the
/// order queued, after its next accepted boot, unless it expired first. Its outcome stays with it.
/// </summary>
[GenerateSerializer]
[Alias("csms.QueuedCommand")]
public sealed record QueuedCommand(
    int Id, [property: JsonConverter(typeof(StoredCommandConverter))] ChargePointCommand Command, DateTimeOffset QueuedAt, DateTimeOffset ExpiresAt)
{
    /// <summary>One of <see cref="QueuedCommandStatuses"/>.</summary>
    [Id(4)]
    public string Status { get; init; } = QueuedCommandStatuses.Pending;

    /// <summary>When it was delivered, found expired, or failed.</summary>
    [Id(5)]
    public DateTimeOffset? SettledAt { get; init; }

    /// <summary>The charge point's answer (its CALLRESULT payload as JSON text), once delivered.</summary>
    [Id(6)]
    public string? Answer { get; init; }

    /// <summary>Why it failed: the charge point's CALLERROR, or no answer in time.</summary>
    [Id(7)]
    public string? Error { get; init; }

    /// <summary>The status as of <paramref name="now"/>: a pending command past its expiry counts as expired even before delivery looks at it.</summary>
    public string StatusAt(DateTimeOffset now) =>
        Status == QueuedCommandStatuses.Pending && ExpiresAt <= now ? QueuedCommandStatuses.Expired : Status;
}

/// <summary>
/// Reads a command whatever the order of its keys: PostgreSQL's jsonb keeps them shortest first, which puts the "command"
/// discriminator after fields such as "type" or "key", where the serializer would otherwise refuse it.
/// </summary>
internal sealed class StoredCommandConverter : JsonConverter<ChargePointCommand>
{
    private static readonly JsonSerializerOptions AnyOrder = new(GrainJson.Options) { AllowOutOfOrderMetadataProperties = true };

    public override ChargePointCommand? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<ChargePointCommand>(ref reader, AnyOrder);

    public override void Write(Utf8JsonWriter writer, ChargePointCommand value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, options);
}

/// <summary>The statuses of a queued command.</summary>
public static class QueuedCommandStatuses
{
    /// <summary>Waiting for the charge point's next accepted boot.</summary>
    public const string Pending = "Pending";

    /// <summary>Sent, and answered with a CALLRESULT (whatever status it carries).</summary>
    public const string Delivered = "Delivered";

    /// <summary>Its expiry passed before it could be sent; it never is.</summary>
    public const string Expired = "Expired";

    /// <summary>Sent, and answered with a CALLERROR or not answered in time.</summary>
    public const string Failed = "Failed";
}

/// <summary>What came of queuing a command.</summary>
[GenerateSerializer]
[Alias("csms.QueueCommandResult")]
[Immutable]
public sealed record QueueCommandResult(QueuedCommand? Queued, bool UnknownChargePoint = false, bool QueueFull = false);
