using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansCsms.Grains;

/// <summary>
/// Delivers the event stream to one configured webhook (key: its URL). Orleans keeps one activation of it in the
/// cluster, so there is one deliverer per webhook; its cursor (the last position delivered) is its state. Events go
/// one at a time, in stream order: a failed one is tried again, after 1, 2, 4... seconds up to the configured longest
/// wait, and nothing after it goes first. Each webhook has its own grain, so a failing one holds up no other, nor the
/// stream. Every silo's <see cref="WebhookDeliveryStarter"/> wakes the grains, which also brings a grain back on
/// another silo after its own was lost.
/// </summary>
[GrainType(GrainTypes.WebhookDelivery)]
public sealed partial class WebhookDeliveryGrain(
    [PersistentState(GrainTypes.StateName, GrainTypes.StorageName)] IPersistentState<WebhookDeliveryState> state,
    IEventOutbox outbox,
    WebhookPoster poster,
    IOptions<EventOptions> options,
    TimeProvider time,
    ILogger<WebhookDeliveryGrain> logger) : Grain, IWebhookDeliveryGrain
{
    private const int EventsPerRead = 100;

    private WebhookOptions? _webhook;
    private DateTimeOffset _nextAttemptAt;

    private WebhookDeliveryState State => state.State;

    private string Url => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _webhook = options.Value.Webhooks.FirstOrDefault(w => w.Url == Url);
        if (_webhook is not null)
        {
            var period = TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);
            this.RegisterGrainTimer(DeliverAsync, new GrainTimerCreationOptions(TimeSpan.Zero, period) { KeepAlive = true });
        }

        return Task.CompletedTask;
    }

    public Task StartAsync()
    {
        // A webhook no longer configured has nothing to do here; its state stays, should it come back.
        if (_webhook is null)
        {
            DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }

    public Task<WebhookDeliveryState> GetAsync() => Task.FromResult(State);

    private async Task DeliverAsync(CancellationToken cancellationToken)
    {
        if (_webhook is not { } webhook || time.GetUtcNow() < _nextAttemptAt)
        {
            return;
        }

        if (!State.Started)
        {
            // A webhook added to a running system hears what happens from now on, not the whole retained history.
            State.Delivered = await outbox.LastPositionAsync(cancellationToken);
            State.Started = true;
            await state.WriteStateAsync(cancellationToken);
        }

        var types = webhook.Types.Count > 0 ? webhook.Types.Select(t => EventTypes.Find(t)!).ToList() : null;
        var pending = await outbox.ReadAsync(new EventQuery(State.Delivered, EventsPerRead, Types: types), cancellationToken);
        foreach (var stored in pending)
        {
            var failure = await poster.PostAsync(webhook, stored, cancellationToken);
            if (failure is not null)
            {
                State.Failures++;
                State.LastError = failure;
                _nextAttemptAt = time.GetUtcNow() + RetryDelay(State.Failures);
                LogFailed(logger, Url, stored.Position, State.Failures, failure);
                await state.WriteStateAsync(cancellationToken);
                return;
            }

            State.Delivered = stored.Position;
            State.Failures = 0;
            State.LastError = null;
            await state.WriteStateAsync(cancellationToken);
        }
    }

    private TimeSpan RetryDelay(int failures)
    {
        var settings = options.Value;
        var seconds = settings.WebhookRetrySeconds * Math.Pow(2, Math.Min(failures - 1, 30));
        return TimeSpan.FromSeconds(Math.Min(seconds, settings.WebhookMaxRetrySeconds));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Url}: event {Position} not delivered (attempt {Attempt}): {Failure}; it is tried again later")]
    private static partial void LogFailed(ILogger logger, string url, long position, int attempt, string failure);
}
