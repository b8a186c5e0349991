namespace OrleansCsms.Grains;

/// <summary>
/// Delivers the event stream to one webhook (key: its URL), in order, one event at a time with retries. One
/// activation in the cluster means one deliverer per webhook, whichever silo it runs on.
/// </summary>
public interface IWebhookDeliveryGrain : IGrainWithStringKey
{
    /// <summary>Makes sure delivery runs: activates the grain and its reminder, which brings it back after a silo is lost.</summary>
    Task StartAsync();

    /// <summary>How far delivery has come: the last delivered position and the failures of the event being tried.</summary>
    Task<WebhookDeliveryState> GetAsync();
}
