using OrleansCsms.Grains;

namespace OrleansCsms.Tests.Grains;

/// <summary>A registered charge point with an accepted id tag and, once started, a transaction on connector 1.</summary>
public sealed record Charging(IChargePointGrain ChargePoint, string ChargePointId, string IdTag, int TransactionId, StartTransactionRequest Start)
{
    public const int MeterStart = 1000;

    private static readonly DateTimeOffset Origin = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A charge point timestamp, <paramref name="seconds"/> after the transactions' start.</summary>
    public static DateTimeOffset At(int seconds) => Origin.AddSeconds(seconds);

    /// <summary>Registers a fresh charge point and a fresh accepted id tag.</summary>
    public static async Task<(IChargePointGrain ChargePoint, string ChargePointId, string IdTag)> PrepareAsync(GrainSilo silo)
    {
        var id = Fresh.ChargePointId();
        var chargePoint = silo.Grains.GetGrain<IChargePointGrain>(id);
        await chargePoint.RegisterAsync(new ChargePointRegistration(null, null, null));
        var tag = Fresh.IdTag();
        await silo.Grains.GetGrain<IIdTagGrain>(tag).PutAsync(new IdTagUpdate("Accepted"));
        return (chargePoint, id, tag);
    }

    /// <summary>Prepares a charge point and starts a transaction on connector 1 at meter <see cref="MeterStart"/>.</summary>
    public static async Task<Charging> StartAsync(GrainSilo silo)
    {
        var (chargePoint, id, tag) = await PrepareAsync(silo);
        var start = new StartTransactionRequest(1, tag, At(0), MeterStart);
        var result = await chargePoint.StartTransactionAsync(start);
        Assert.True(result.IdTagInfo.Status == "Accepted", $"Expected the start on charge point {id} with id tag {tag} to be Accepted, but it was {result.IdTagInfo.Status}.");
        return new Charging(chargePoint, id, tag, result.TransactionId, start);
    }

    public Task<TransactionState?> GetTransactionAsync(GrainSilo silo) =>
        silo.Grains.GetGrain<ITransactionGrain>(TransactionId).GetAsync();
}
