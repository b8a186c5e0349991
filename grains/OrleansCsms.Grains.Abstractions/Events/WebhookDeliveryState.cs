namespace OrleansCsms.Grains;

/// <summary>Persisted state of a webhook delivery grain: its cursor in the event stream.</summary>
[GenerateSerializer]
[Alias("csms.WebhookDeliveryState")]
public sealed class WebhookDeliveryState
{
    /// <summary>The position of the last event delivered (or skipped for its type); the next delivery is the one after.</summary>
    [Id(0)]
    public long Delivered { get; set; }

    /// <summary>Whether the cursor was placed: a new webhook starts at the end of the stream, not at its beginning.</summary>
    [Id(1)]
    public bool Started { get; set; }

    /// <summary>Failed attempts at the event after <see cref="Delivered"/>.</summary>
    [Id(2)]
    public int Failures { get; set; }

    /// <summary>What the last failed attempt got (a status code or an error), for operators.</summary>
    [Id(3)]
    public string? LastError { get; set; }
}
