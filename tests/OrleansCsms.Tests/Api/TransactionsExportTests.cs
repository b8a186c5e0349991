using System.Net;
using System.Text;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Api;

/// <summary>GET /api/transactions/export.csv, read back with an RFC 4180 parser.</summary>
[Collection(CsmsCollection.Name)]
public sealed class TransactionsExportTests(CsmsHostFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 7, 30, 0, TimeSpan.Zero);

    private CsmsHost Host => fixture.Host;

    [Fact]
    public async Task A_charge_points_transactions_export_as_csv_that_parses_back_newest_first_with_energy_in_kWh()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());
        var stopped = await StartAsync(chargePoint, "=HYPERLINK(1)", 10_000, Start);
        await chargePoint.CallAsync("StopTransaction", V16Messages.StopTransaction(stopped, 14_250, Start.AddMinutes(45)));
        var running = await StartAsync(chargePoint, "@a,\"b\"\nc", 20_000, Start.AddHours(2), connectorId: 2);

        var response = await Host.Api.GetAsync($"/api/transactions/export.csv?chargePointId={chargePoint.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("transactions.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var rows = Csv.Parse(await ReadUtf8Async(response));
        Assert.Equal(
            ["transactionId", "chargePointId", "connectorId", "idTag", "startTimestamp", "stopTimestamp", "meterStartWh", "meterStopWh", "energyKWh", "active", "stopReason", "endedBy", "stationTransactionId"],
            rows[0]);
        Assert.Equal(3, rows.Count);
        Assert.Equal(
            [$"{running}", chargePoint.Id, "2", "'@a,\"b\"\nc", "2025-06-01T09:30:00Z", "", "20000", "", "0", "true", "", "", ""],
            rows[1]);
        Assert.Equal(
            [$"{stopped}", chargePoint.Id, "1", "'=HYPERLINK(1)", "2025-06-01T07:30:00Z", "2025-06-01T08:15:00Z", "10000", "14250", "4.25", "false", "Local", "ChargePoint", ""],
            rows[2]);
    }

    [Fact]
    public async Task The_export_takes_the_lists_filters()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());
        var tag = Fresh.IdTag();
        var stopped = await StartAsync(chargePoint, tag, 0, Start);
        await chargePoint.CallAsync("StopTransaction", V16Messages.StopTransaction(stopped, 500, Start.AddMinutes(5)));
        var running = await StartAsync(chargePoint, tag, 0, Start.AddDays(1), connectorId: 2);

        var active = await ExportIdsAsync($"chargePointId={chargePoint.Id}&active=true");
        var byTag = await ExportIdsAsync($"idTag={tag}");
        var firstDay = await ExportIdsAsync($"chargePointId={chargePoint.Id}&from=2025-06-01T00:00:00Z&to=2025-06-02T00:00:00Z");

        Assert.Equal([running], active);
        Assert.Equal([running, stopped], byTag);
        Assert.Equal([stopped], firstDay);
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2024-02-01T00:00:00Z&to=2024-01-01T00:00:00Z", "to")]
    [InlineData("active=sometimes", "active")]
    public async Task Bad_filters_are_a_validation_problem_naming_them(string query, string field)
    {
        var response = await Host.Api.GetAsync($"/api/transactions/export.csv?{query}");

        await ApiAssert.ValidationProblemAsync(response, field);
    }

    [Fact]
    public async Task Text_a_spreadsheet_would_run_as_a_formula_is_made_inert_and_other_text_left_alone()
    {
        Assert.Equal(
            ["'=1+2", "'+1", "'-A", "'@SUM(A1)", "'\tx", "plain", "", "a=b"],
            new[] { "=1+2", "+1", "-A", "@SUM(A1)", "\tx", "plain", null, "a=b" }.Select(Frontend.Api.TransactionsCsv.Text));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_export_as_text_csv()
    {
        var document = await ApiAssert.JsonAsync(await Host.Api.GetAsync("/openapi/v1.json"), HttpStatusCode.OK);

        var ok = document.GetProperty("paths").GetProperty("/api/transactions/export.csv").GetProperty("get").GetProperty("responses").GetProperty("200");
        Assert.True(ok.TryGetProperty("content", out var content) && content.TryGetProperty("text/csv", out _), $"Expected the export's 200 to be text/csv: {ok}");
    }

    private static async Task<int> StartAsync(TestChargePoint chargePoint, string idTag, int meterStart, DateTimeOffset at, int connectorId = 1) =>
        (await chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(idTag, meterStart, at, connectorId))).GetProperty("transactionId").GetInt32();

    private async Task<int[]> ExportIdsAsync(string query)
    {
        var response = await Host.Api.GetAsync($"/api/transactions/export.csv?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. Csv.Parse(await ReadUtf8Async(response)).Skip(1).Select(row => int.Parse(row[0], System.Globalization.CultureInfo.InvariantCulture))];
    }

    /// <summary>The body as UTF-8, which must open with a byte order mark for spreadsheets.</summary>
    private static async Task<string> ReadUtf8Async(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "Expected the CSV to open with the UTF-8 byte order mark.");
        return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 3, bytes.Length - 3);
    }

    /// <summary>An RFC 4180 reader: CRLF between records, quoted fields with doubled quotes and line breaks inside.</summary>
    private static class Csv
    {
        public static List<string[]> Parse(string text)
        {
            var rows = new List<string[]>();
            var row = new List<string>();
            var field = new StringBuilder();
            var i = 0;
            while (i < text.Length)
            {
                if (text[i] == '"' && field.Length == 0)
                {
                    i++;
                    while (true)
                    {
                        Assert.True(i < text.Length, "Expected a quoted CSV field to be closed.");
                        if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                        }
                        else if (text[i] == '"')
                        {
                            i++;
                            break;
                        }
                        else
                        {
                            field.Append(text[i++]);
                        }
                    }
                }
                else if (text[i] == ',')
                {
                    row.Add(field.ToString());
                    field.Clear();
                    i++;
                }
                else if (text[i] == '\r')
                {
                    Assert.True(i + 1 < text.Length && text[i + 1] == '\n', "Expected records to end with CRLF.");
                    row.Add(field.ToString());
                    field.Clear();
                    rows.Add([.. row]);
                    row.Clear();
                    i += 2;
                }
                else
                {
                    Assert.True(text[i] != '\n', "Expected no bare LF outside a quoted field.");
                    field.Append(text[i++]);
                }
            }

            Assert.True(row.Count == 0 && field.Length == 0, "Expected the CSV to end with CRLF.");
            return rows;
        }
    }
}
