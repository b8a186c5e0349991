using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansCsms.Runtime;
using OrleansCsms.Runtime.Diagnostics;

namespace OrleansCsms.Cluster;

/// <summary>
/// Routes grain calls to the silo that owns the grain's partition: in this process when it is a silo that owns
/// it, otherwise over a pooled keep-alive connection to the owner. A moved partition or a dead silo makes it
/// re-read the partition map and retry, within a bounded budget; past it the call fails with
/// <see cref="GrainUnavailableException"/>, never hangs.
/// </summary>
public sealed partial class ClusterGrainRouter(
    PartitionTable partitions,
    SiloClient silos,
    IOptions<ClusterOptions> options,
    TimeProvider time,
    ILogger<ClusterGrainRouter> logger,
    SiloMembership? localSilo = null,
    LocalGrainRouter? localGrains = null) : IGrainCallRouter
{
    private readonly ClusterOptions _options = options.Value;

    public async Task<object?> InvokeAsync(GrainCall call, CancellationToken cancellationToken)
    {
        var partition = PartitionHash.Of(call.Target, _options.Partitions);
        var started = time.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(25);
        for (var attempt = 1; ; attempt++)
        {
            if (localSilo is not null && localGrains is not null && localSilo.Owns(partition))
            {
                return await localGrains.InvokeAsync(call, cancellationToken);
            }

            if (partitions.OwnerOf(partition) is { } owner && owner.SiloId != LocalSiloId)
            {
                CsmsInstruments.ClusterFramesRouted.Add(1);
                var outcome = await silos.TryInvokeAsync(owner.Address, call, cancellationToken);
                if (outcome.Delivered)
                {
                    return outcome.Result;
                }

                LogRetry(logger, call.Target.ToString(), partition, owner.Address, outcome.Reason ?? "unreachable", attempt);
            }

            if (time.GetElapsedTime(started) >= _options.RetryBudget)
            {
                throw new GrainUnavailableException(
                    $"No silo served partition {partition} of grain {call.Target} within {_options.RetryBudget.TotalSeconds:0.#} s.");
            }

            CsmsInstruments.ClusterCallRetries.Add(1);
            await Task.Delay(delay, time, cancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 500));
            await partitions.RefreshAsync(cancellationToken);
        }
    }

    private string? LocalSiloId => localSilo?.SiloId;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Call to {Grain} (partition {Partition}) at {Address} not delivered ({Reason}); attempt {Attempt}")]
    private static partial void LogRetry(ILogger logger, string grain, int partition, string address, string reason, int attempt);
}

/// <summary>The outcome of one attempt to deliver a call to a silo.</summary>
public readonly record struct DeliveryOutcome(bool Delivered, object? Result, string? Reason)
{
    public static DeliveryOutcome Done(object? result) => new(true, result, null);

    public static DeliveryOutcome Retry(string reason) => new(false, null, reason);
}

/// <summary>Calls grains on other silos over HTTP keep-alive connections.</summary>
public sealed class SiloClient(HttpClient http, IOptions<ClusterOptions> options)
{
    /// <summary>Sends the call; a silo that is unreachable or does not own the partition (any more) is a retry, never a result.</summary>
    public async Task<DeliveryOutcome> TryInvokeAsync(string address, GrainCall call, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{address.TrimEnd('/')}/internal/grain-calls")
        {
            Content = JsonContent.Create(GrainCallCodec.Encode(call), options: GrainJson.Options),
        };
        request.Headers.Add(ClusterHeaders.Secret, options.Value.Secret);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            return DeliveryOutcome.Retry(ex.Message);
        }

        using (response)
        {
            if (response.StatusCode is HttpStatusCode.MisdirectedRequest or HttpStatusCode.ServiceUnavailable)
            {
                return DeliveryOutcome.Retry($"HTTP {(int)response.StatusCode}");
            }

            if (!response.IsSuccessStatusCode)
            {
                // Not a grain's answer (a refused secret, a call the silo could not decode): never read it as a result.
                throw new RemoteGrainException($"HTTP {(int)response.StatusCode}", $"Silo {address} refused the call to {call.Target}.{call.Method.Name}.");
            }

            var reply = await response.Content.ReadFromJsonAsync<GrainReplyMessage>(GrainJson.Options, cancellationToken)
                ?? throw new InvalidOperationException($"Silo {address} sent an empty reply.");
            if (reply.ErrorType is { } errorType)
            {
                throw errorType switch
                {
                    nameof(InconsistentStateException) => new InconsistentStateException(reply.ErrorMessage ?? ""),
                    nameof(GrainUnavailableException) => new GrainUnavailableException(reply.ErrorMessage ?? ""),
                    _ => new RemoteGrainException(errorType, reply.ErrorMessage ?? ""),
                };
            }

            return DeliveryOutcome.Done(GrainCallCodec.DecodeResult(call.Method, reply.Result));
        }
    }
}

/// <summary>A grain call failed on the silo that ran it.</summary>
public sealed class RemoteGrainException(string errorType, string message) : Exception($"{errorType}: {message}")
{
    public string ErrorType { get; } = errorType;
}
