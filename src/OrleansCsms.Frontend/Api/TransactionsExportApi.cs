using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>Transactions exported as CSV for spreadsheets and billing, with the filters of the list.</summary>
public static class TransactionsExportApi
{
    /// <summary>Rows read from storage at a time: the export holds one such chunk in memory, however many transactions match.</summary>
    internal const int ChunkSize = 500;

    public static IEndpointRouteBuilder MapTransactionsExportApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/transactions").WithTags("Transactions")
            .MapGet("/export.csv", Export)
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesValidationProblem()
            .WithName("ExportTransactionsCsv")
            .WithSummary("Streams the transactions the list's filters match, newest first, as UTF-8 CSV (RFC 4180, header row, timestamps ISO 8601 UTC, energy in kWh; text cells a spreadsheet would run as a formula start with an apostrophe).");
        return endpoints;
    }

    public static Results<PushStreamHttpResult, ValidationProblem> Export(
        string? chargePointId,
        string? idTag,
        string? from,
        string? to,
        bool? active,
        HttpContext http,
        [FromServices] ICsmsQueries queries)
    {
        var errors = new ValidationErrors();
        var start = TransactionsApi.ParseTimestamp(from, "from", errors);
        var end = TransactionsApi.ParseTimestamp(to, "to", errors);
        errors.Check(start is null || end is null || start <= end, "to", "Must not be before 'from'.");
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var query = new TransactionQuery(chargePointId, idTag, start, end, active, Page: 1, PageSize: ChunkSize, CountTotal: false);
        return TypedResults.Stream(
            body => WriteAsync(body, queries, query, http.RequestAborted),
            "text/csv; charset=utf-8",
            "transactions.csv");
    }

    private static async Task WriteAsync(Stream body, ICsmsQueries queries, TransactionQuery query, CancellationToken cancellationToken)
    {
        // With a byte order mark, spreadsheets read the file as UTF-8 rather than the machine's code page.
        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024, leaveOpen: true);
        TransactionsCsv.WriteHeader(writer);
        while (true)
        {
            var chunk = await queries.ListTransactionsAsync(query, cancellationToken);
            foreach (var transaction in chunk.Items)
            {
                TransactionsCsv.WriteRow(writer, transaction);
            }

            await writer.FlushAsync(cancellationToken);
            if (chunk.Items.Count < ChunkSize)
            {
                return;
            }

            // Keyset paging: the next chunk starts below the last id, so rows added meanwhile neither repeat nor shift it.
            query = query with { BeforeTransactionId = chunk.Items[^1].TransactionId };
        }
    }
}
