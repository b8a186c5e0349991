using System.Globalization;
using System.Text.Json;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Console;

/// <summary>A chart's series: its name, unit and readings as [unix milliseconds, value] pairs, oldest first.</summary>
public sealed record ChartSeries(string Label, string Unit, IReadOnlyList<double[]> Points)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Series as the data-series attribute the console's chart script reads.</summary>
    public static string ToJson(params ChartSeries[] series) => JsonSerializer.Serialize(series, Json);
}

/// <summary>A transaction's energy and power over time, from its stored meter values.</summary>
public static class MeterSeries
{
    public const string EnergyRegister = "Energy.Active.Import.Register";
    public const string ActivePower = "Power.Active.Import";

    /// <summary>Energy delivered (Wh from the meter start), from the total energy register readings.</summary>
    public static ChartSeries Energy(TransactionState transaction, IReadOnlyList<MeterValueRecord> values)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var start = transaction.MeterStart ?? 0;
        var points = Totals(values, EnergyRegister, isDefault: true)
            .Select(p => new[] { p.At, Math.Max(0, p.Value - start) })
            .ToList();
        return new ChartSeries("Energy", "Wh", points);
    }

    /// <summary>Active power (W) the charge point measured.</summary>
    public static ChartSeries Power(IReadOnlyList<MeterValueRecord> values) =>
        new("Power", "W", [.. Totals(values, ActivePower, isDefault: false).Select(p => new[] { p.At, p.Value })]);

    /// <summary>
    /// Readings of one measurand without a phase (the totals), in Wh or W, one per timestamp. A value without a
    /// measurand is the energy register, as OCPP 1.6 defines.
    /// </summary>
    private static IEnumerable<(double At, double Value)> Totals(IReadOnlyList<MeterValueRecord> values, string measurand, bool isDefault) =>
        values
            .Where(v => (v.Measurand ?? (isDefault ? measurand : null)) == measurand && v.Phase is null)
            .Select(v => (At: (double)v.Timestamp.ToUnixTimeMilliseconds(), Value: Parse(v.Value, v.Unit)))
            .Where(p => p.Value is not null)
            .GroupBy(p => p.At)
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, g.Last().Value!.Value));

    private static double? Parse(string value, string? unit)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        return unit is "kWh" or "kW" ? number * 1000 : number;
    }
}
