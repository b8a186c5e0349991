namespace OrleansCsms.Grains;

/// <summary>Flattens meter values into stored rows.</summary>
internal static class MeterValueRows
{
    public static List<MeterValueRecord> From(string chargePointId, int connectorId, int? transactionId, IReadOnlyList<MeterValue> meterValues, string source)
    {
        var rows = new List<MeterValueRecord>();
        foreach (var meterValue in meterValues)
        {
            foreach (var sample in meterValue.SampledValues)
            {
                rows.Add(new MeterValueRecord(
                    chargePointId, connectorId, transactionId, meterValue.Timestamp, sample.Value,
                    sample.Context, sample.Format, sample.Measurand, sample.Phase, sample.Location, sample.Unit, source, sample.Signed));
            }
        }

        return rows;
    }

    /// <summary>Groups stored rows back into meter values by timestamp, oldest first.</summary>
    public static List<MeterValue> ToMeterValues(IEnumerable<MeterValueRecord> rows) =>
        [.. rows
            .GroupBy(r => r.Timestamp)
            .OrderBy(g => g.Key)
            .Select(g => new MeterValue(g.Key, [.. g.Select(r => new SampledValue(r.Value, r.Context, r.Format, r.Measurand, r.Phase, r.Location, r.Unit, r.Signed))]))];
}
