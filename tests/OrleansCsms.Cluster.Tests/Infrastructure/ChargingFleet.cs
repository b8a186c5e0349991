using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace OrleansCsms.Cluster.Tests.Infrastructure;

/// <summary>
/// Charge points that charge in a loop — StartTransaction, MeterValues ×N, StopTransaction — through whichever front-ends
/// are running, as real chargers do: a message that gets a CALLERROR InternalError, no answer or a lost socket is sent
/// again with the same payload (so replays are idempotent), reconnecting to the next front-end when the socket is gone.
/// Everything acknowledged goes into the <see cref="Ledger"/>.
/// </summary>
public sealed class ChargingFleet : IAsyncDisposable
{
    /// <summary>How long a charge point keeps retrying one message before it counts as failed.</summary>
    public static readonly TimeSpan MessageDeadline = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);
    private readonly TestCluster _cluster;
    private readonly int _meterValuesPerTransaction;
    private readonly List<ReconnectingChargePoint> _chargePoints = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private int _nextFrontEnd;

    private ChargingFleet(TestCluster cluster, int meterValuesPerTransaction)
    {
        _cluster = cluster;
        _meterValuesPerTransaction = meterValuesPerTransaction;
    }

    public Ledger Ledger { get; } = new();

    public IReadOnlyList<ReconnectingChargePoint> ChargePoints => _chargePoints;

    /// <summary>Connects <paramref name="count"/> fresh charge points, alternating between the running front-ends, boots them and starts charging.</summary>
    public static async Task<ChargingFleet> StartAsync(TestCluster cluster, int count, int meterValuesPerTransaction)
    {
        var fleet = new ChargingFleet(cluster, meterValuesPerTransaction);
        var prefix = Guid.NewGuid().ToString("N")[..6];
        var frontEnds = cluster.LiveFrontEnds;
        for (var i = 0; i < count; i++)
        {
            var chargePoint = new ReconnectingChargePoint($"CP-{prefix}-{i:00}");
            fleet._chargePoints.Add(chargePoint);
            var idTag = $"T{prefix}{i:00}".ToUpperInvariant();
            await cluster.Api.AcceptIdTagAsync(idTag);
            await chargePoint.ConnectAsync(frontEnds[i % frontEnds.Count].OcppUri(chargePoint.Id), TimeSpan.FromSeconds(10));
            fleet._loops.Add(Task.Run(() => fleet.ChargeAsync(chargePoint, idTag)));
        }

        return fleet;
    }

    /// <summary>Waits until every charge point has had a stop acknowledged after <paramref name="since"/> (a <see cref="Ledger.Now"/> value).</summary>
    public async Task WaitForCompletedTransactionsAsync(TimeSpan since, int perChargePoint, TimeSpan timeout, string phase)
    {
        await Poll.UntilAsync(
            _ => Task.FromResult(Ledger.Stops.Where(s => s.AckedAt > since).GroupBy(s => s.ChargePointId).ToDictionary(g => g.Key, g => g.Count())),
            done => Ledger.Failures.Count > 0 || _chargePoints.All(c => done.GetValueOrDefault(c.Id) >= perChargePoint),
            timeout,
            $"every charge point to complete {perChargePoint} transaction(s) {phase}",
            done => $"{string.Join(", ", _chargePoints.Select(c => $"{c.Id}: {done.GetValueOrDefault(c.Id)}"))}; {Ledger.Summary()}");
        Assert.True(Ledger.Failures.Count == 0, $"Every message should succeed within {MessageDeadline.TotalSeconds:0} s of retries {phase}, but: {string.Join("; ", Ledger.Failures.Take(10))}");
    }

    /// <summary>Lets every charge point finish its current transaction, then stops the loops.</summary>
    public async Task StopAsync()
    {
        await _stopping.CancelAsync();
        var all = Task.WhenAll(_loops);
        var finished = await Task.WhenAny(all, Task.Delay(MessageDeadline * 2));
        Assert.True(finished == all, $"The charge points should finish their transactions within {MessageDeadline.TotalSeconds * 2:0} s of being asked to stop. {Ledger.Summary()}");
        await all;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAny(Task.WhenAll(_loops), Task.Delay(TimeSpan.FromSeconds(5)));
        foreach (var chargePoint in _chargePoints)
        {
            await chargePoint.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private async Task ChargeAsync(ReconnectingChargePoint chargePoint, string idTag)
    {
        var clock = new ChargerClock();
        var register = 1_000;
        try
        {
            await SendAsync(chargePoint, "BootNotification", new { chargePointVendor = "ClusterTests", chargePointModel = "Fleet" });
            await SendAsync(chargePoint, "StatusNotification", new { connectorId = 1, errorCode = "NoError", status = "Available" });
            while (!_stopping.IsCancellationRequested)
            {
                var startedAt = clock.Next();
                var meterStart = register;
                var start = await SendAsync(chargePoint, "StartTransaction", new { connectorId = 1, idTag, meterStart, timestamp = Wire(startedAt) });
                var transactionId = start.Payload.GetProperty("transactionId").GetInt32();
                Ledger.Started(new AcknowledgedStart(chargePoint.Id, 1, startedAt, meterStart, transactionId, start.AckedAt));

                for (var i = 0; i < _meterValuesPerTransaction && !_stopping.IsCancellationRequested; i++)
                {
                    register += 100 + (i * 7);
                    var readAt = clock.Next();
                    var value = register;
                    await SendAsync(chargePoint, "MeterValues", new
                    {
                        connectorId = 1,
                        transactionId,
                        meterValue = new[]
                        {
                            new
                            {
                                timestamp = Wire(readAt),
                                sampledValue = new[] { new { value = value.ToString(CultureInfo.InvariantCulture), measurand = "Energy.Active.Import.Register", unit = "Wh" } },
                            },
                        },
                    });
                    Ledger.Read(new AcknowledgedReading(chargePoint.Id, transactionId, readAt, value));
                }

                register += 50;
                var stoppedAt = clock.Next();
                var meterStop = register;
                var stop = await SendAsync(chargePoint, "StopTransaction", new { transactionId, idTag, meterStop, timestamp = Wire(stoppedAt), reason = "Local" });
                Ledger.Stopped(new AcknowledgedStop(chargePoint.Id, transactionId, stoppedAt, meterStop, stop.AckedAt));
            }
        }
        catch (MessageFailedException)
        {
            // Recorded in the ledger; this charge point stops charging.
        }
    }

    /// <summary>Sends one message until it is acknowledged, as a charger's retry logic does.</summary>
    private async Task<(JsonElement Payload, TimeSpan AckedAt)> SendAsync(ReconnectingChargePoint chargePoint, string action, object payload)
    {
        var took = Stopwatch.StartNew();
        var lastProblem = "";
        while (took.Elapsed < MessageDeadline)
        {
            try
            {
                if (!chargePoint.IsConnected)
                {
                    await ReconnectAsync(chargePoint);
                }

                var reply = await chargePoint.CallAsync(action, payload, CallTimeout);
                Ledger.Acknowledged(chargePoint.Id, took.Elapsed);
                return (reply, Ledger.Now);
            }
            catch (OcppCallErrorException ex) when (ex.ErrorCode == "InternalError")
            {
                Ledger.Retried(chargePoint.Id, $"{action} InternalError");
                lastProblem = ex.Message;
            }
            catch (OcppCallErrorException ex)
            {
                Ledger.Failed($"{chargePoint.Id}: {action} got {ex.Message}");
                throw new MessageFailedException();
            }
            catch (TimeoutException ex)
            {
                Ledger.Retried(chargePoint.Id, $"{action} no answer");
                lastProblem = ex.Message;
            }
            catch (Exception ex) when (ex is ChargePointDisconnectedException or ChargePointRefusedException or System.Net.WebSockets.WebSocketException or OperationCanceledException)
            {
                Ledger.Retried(chargePoint.Id, $"{action} socket lost");
                lastProblem = ex.Message;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        Ledger.Failed($"{chargePoint.Id}: {action} not acknowledged within {MessageDeadline.TotalSeconds:0} s of retries; last problem: {lastProblem}");
        throw new MessageFailedException();
    }

    /// <summary>Connects to the next running front-end, as a charger behind a load balancer would land on any of them.</summary>
    private async Task ReconnectAsync(ReconnectingChargePoint chargePoint)
    {
        var frontEnds = _cluster.LiveFrontEnds;
        if (frontEnds.Count == 0)
        {
            throw new ChargePointDisconnectedException("No front-end is running.");
        }

        var frontEnd = frontEnds[Interlocked.Increment(ref _nextFrontEnd) % frontEnds.Count];
        await chargePoint.ConnectAsync(frontEnd.OcppUri(chargePoint.Id), TimeSpan.FromSeconds(5));
        Ledger.Reconnected();
    }

    /// <summary>Timestamps as chargers send them: UTC, milliseconds, strictly increasing per charger.</summary>
    private static string Wire(DateTimeOffset timestamp) => timestamp.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private sealed class ChargerClock
    {
        private DateTimeOffset _last = DateTimeOffset.MinValue;

        public DateTimeOffset Next()
        {
            var now = DateTimeOffset.UtcNow;
            now = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
            _last = now > _last ? now : _last.AddMilliseconds(1);
            return _last;
        }
    }

    private sealed class MessageFailedException : Exception
    {
    }
}
