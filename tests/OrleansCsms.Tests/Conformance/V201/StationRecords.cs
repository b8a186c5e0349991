using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansCsms.Tests.Conformance.V201;

/// <summary>What the CSMS recorded of a station, read through the operator API, to check a test case left it right.</summary>
internal static class StationRecords
{
    /// <summary>The transaction the station named <paramref name="stationTransactionId"/>; fails when the CSMS holds none.</summary>
    public static async Task<JsonElement> TransactionAsync(CsmsHost host, string stationId, string stationTransactionId)
    {
        var list = await host.Api.GetFromJsonAsync<JsonElement>($"/api/transactions?chargePointId={stationId}&pageSize=500");
        foreach (var item in list.GetProperty("items").EnumerateArray())
        {
            var transaction = await host.Api.GetFromJsonAsync<JsonElement>($"/api/transactions/{item.GetProperty("id").GetInt32()}");
            if (transaction.GetProperty("station") is { ValueKind: JsonValueKind.Object } station
                && station.GetProperty("stationTransactionId").GetString() == stationTransactionId)
            {
                return transaction;
            }
        }

        Assert.Fail($"Expected the CSMS to hold the transaction {stationTransactionId} of {stationId}, but it lists none by that id.");
        return default;
    }

    /// <summary>Asserts the transaction ended with <paramref name="stopReason"/> and the CSMS counted every event once.</summary>
    public static async Task AssertEndedAsync(CsmsHost host, OcttStation station, string stopReason)
    {
        var transaction = await TransactionAsync(host, station.Id, station.TransactionId!);
        Assert.False(transaction.GetProperty("active").GetBoolean(), $"Expected transaction {station.TransactionId} of {station.Id} to have ended, but it is active: {transaction}.");
        Assert.Equal(stopReason, transaction.GetProperty("stopReason").GetString());
        Assert.Equal(AllReceived(station), transaction.GetProperty("station").GetProperty("receivedSeqNos").GetString());
    }

    /// <summary>Asserts the transaction is still open, with every event so far received.</summary>
    public static async Task AssertOngoingAsync(CsmsHost host, OcttStation station)
    {
        var transaction = await TransactionAsync(host, station.Id, station.TransactionId!);
        Assert.True(transaction.GetProperty("active").GetBoolean(), $"Expected transaction {station.TransactionId} of {station.Id} to be ongoing, but it is not: {transaction}.");
        Assert.Equal(AllReceived(station), transaction.GetProperty("station").GetProperty("receivedSeqNos").GetString());
    }

    /// <summary>How the CSMS writes the run of every sequence number the station sent, from 0.</summary>
    private static string AllReceived(OcttStation station) => station.NextSeqNo == 1 ? "0" : $"0-{station.NextSeqNo - 1}";
}
