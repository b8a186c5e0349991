using System.Buffers;
using System.Globalization;
using System.Text;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// Transactions as RFC 4180 CSV: a header row, CRLF line ends, every field that holds a comma, quote or line break
/// quoted. Text that a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a carriage return) is
/// made inert with a leading apostrophe; numbers and timestamps are written here and never start that way.
/// </summary>
public static class TransactionsCsv
{
    public static readonly string[] Columns =
    [
        "transactionId", "chargePointId", "connectorId", "idTag", "startTimestamp", "stopTimestamp",
        "meterStartWh", "meterStopWh", "energyKWh", "active", "stopReason", "endedBy", "stationTransactionId",
    ];

    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");
    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");

    public static void WriteHeader(TextWriter writer) => WriteRow(writer, Columns);

    public static void WriteRow(TextWriter writer, TransactionState transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        WriteRow(writer,
        [
            Number(transaction.TransactionId),
            Text(transaction.ChargePointId),
            Number(transaction.ConnectorId),
            Text(transaction.IdTag),
            Timestamp(transaction.StartTimestamp),
            Timestamp(transaction.StopTimestamp),
            Number(transaction.MeterStart),
            Number(transaction.MeterStop),
            transaction.EnergyWh is { } wh ? (wh / 1000m).ToString("0.###", CultureInfo.InvariantCulture) : "",
            transaction.Active ? "true" : "false",
            Text(transaction.StopReason),
            Text(transaction.EndedBy),
            Text(transaction.StationTransactionId),
        ]);
    }

    /// <summary>A text cell made inert for spreadsheets.</summary>
    public static string Text(string? value) =>
        string.IsNullOrEmpty(value) || !FormulaStarts.Contains(value[0]) ? value ?? "" : "'" + value;

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>ISO 8601 in UTC, to the second's fraction the charge point gave.</summary>
    private static string Timestamp(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture) ?? "";

    private static void WriteRow(TextWriter writer, IReadOnlyList<string> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            writer.Write(Quoted(cells[i]));
        }

        writer.Write("\r\n");
    }

    private static string Quoted(string cell) =>
        cell.AsSpan().IndexOfAny(NeedsQuotes) < 0 ? cell : new StringBuilder(cell.Length + 2).Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').ToString();
}
