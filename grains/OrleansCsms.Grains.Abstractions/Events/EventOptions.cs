using System.ComponentModel.DataAnnotations;

namespace OrleansCsms.Grains;

/// <summary>The event stream and its webhooks, bound from the "Events" configuration section.</summary>
public sealed class EventOptions : IValidatableObject
{
    public const string SectionName = "Events";

    /// <summary>Events recorded longer ago than this many days are deleted; 0 keeps them however old.</summary>
    [Range(0, 36_500)]
    public int RetentionDays { get; set; } = 7;

    /// <summary>At most this many events are kept, the newest; 0 keeps any number.</summary>
    [Range(0, long.MaxValue)]
    public long RetentionMaxCount { get; set; } = 1_000_000;

    /// <summary>Most events one retention delete removes.</summary>
    [Range(1, 1_000_000)]
    public int RetentionBatchSize { get; set; } = 5_000;

    /// <summary>How often a stream or a webhook with nothing new to send looks for new events, in milliseconds.</summary>
    [Range(50, 60_000)]
    public int PollMilliseconds { get; set; } = 500;

    /// <summary>An idle stream gets a comment line this often, so proxies do not close it.</summary>
    [Range(1, 3_600)]
    public int KeepAliveSeconds { get; set; } = 15;

    /// <summary>The first retry of a failed webhook delivery waits this long; each next one twice as long.</summary>
    [Range(0.01, 3_600)]
    public double WebhookRetrySeconds { get; set; } = 1;

    /// <summary>The longest wait between two attempts at one webhook delivery.</summary>
    [Range(0.01, 86_400)]
    public double WebhookMaxRetrySeconds { get; set; } = 300;

    /// <summary>How long one webhook request may take before it counts as failed.</summary>
    [Range(1, 600)]
    public int WebhookTimeoutSeconds { get; set; } = 10;

    /// <summary>The webhooks events are delivered to.</summary>
    public IList<WebhookOptions> Webhooks { get; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Webhooks.Count; i++)
        {
            var webhook = Webhooks[i];
            var at = $"{SectionName}:Webhooks:{i}";
            if (!Uri.TryCreate(webhook.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                yield return new ValidationResult($"{at}:Url must be an absolute http or https URL; it is '{webhook.Url}'.", [nameof(Webhooks)]);
            }

            if (string.IsNullOrEmpty(webhook.Secret))
            {
                yield return new ValidationResult($"{at}:Secret is required: every delivery is signed with it.", [nameof(Webhooks)]);
            }

            foreach (var type in webhook.Types.Where(type => EventTypes.Find(type) is null))
            {
                yield return new ValidationResult(
                    $"{at}:Types names '{type}', which is no event type ({string.Join(", ", EventTypes.All)}).", [nameof(Webhooks)]);
            }
        }

        var repeated = Webhooks.GroupBy(w => w.Url, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (repeated.Count > 0)
        {
            yield return new ValidationResult($"{SectionName}:Webhooks names {string.Join(", ", repeated)} more than once.", [nameof(Webhooks)]);
        }
    }
}

/// <summary>One webhook: where events are posted, the secret their signature uses, and optionally which types it wants.</summary>
public sealed class WebhookOptions
{
    public string Url { get; set; } = "";

    public string Secret { get; set; } = "";

    /// <summary>When not empty, only events of these types are delivered.</summary>
    public IList<string> Types { get; } = [];
}
