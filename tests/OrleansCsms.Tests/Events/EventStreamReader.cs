using System.Net;
using System.Text.Json;

namespace OrleansCsms.Tests.Events;

/// <summary>One server-sent event as it arrived: its id, its type and its data parsed as JSON.</summary>
public sealed record StreamedEvent(long Id, string Type, JsonElement Data)
{
    public long Sequence => Data.GetProperty("sequence").GetInt64();

    public JsonElement Body => Data.GetProperty("data");
}

/// <summary>
/// A client of GET /api/events over a real HTTP connection, reading the text/event-stream as a browser's EventSource
/// does: frames end with a blank line, comment lines start with a colon.
/// </summary>
public sealed class EventStreamReader : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStreamReader(HttpClient http, HttpResponseMessage response, StreamReader reader)
    {
        _http = http;
        _response = response;
        _reader = reader;
    }

    /// <summary>Comment lines seen so far (the opening one, keepalives).</summary>
    public List<string> Comments { get; } = [];

    /// <summary>
    /// Opens the stream at <paramref name="pathAndQuery"/> and waits for its opening comment, after which every event
    /// stored is one the stream will send.
    /// </summary>
    public static async Task<EventStreamReader> OpenAsync(CsmsHost host, string pathAndQuery, long? lastEventId = null)
    {
        var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Assert.Fail($"Expected the event stream to open with 200 but got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var reader = new EventStreamReader(http, response, new StreamReader(await response.Content.ReadAsStreamAsync()));
        var opening = await reader.ReadLineAsync(TimeSpan.FromSeconds(10), "the stream's opening comment");
        Assert.True(opening.StartsWith(':'), $"Expected the stream to open with a comment line but got '{opening}'");
        reader.Comments.Add(opening);
        return reader;
    }

    /// <summary>Reads the next event, skipping comments; fails naming <paramref name="expectation"/> when none comes in time.</summary>
    public async Task<StreamedEvent> NextAsync(string expectation, TimeSpan? timeout = null)
    {
        // One deadline for the whole event: keepalive comments arriving meanwhile do not extend it.
        var wait = timeout ?? TimeSpan.FromSeconds(15);
        var deadline = DateTimeOffset.UtcNow + wait;
        long? id = null;
        string? type = null;
        string? data = null;
        while (true)
        {
            var line = await ReadLineAsync(deadline - DateTimeOffset.UtcNow, expectation);
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    Assert.True(id is not null && type is not null, $"Expected every event to have an id and a type: id {id}, event {type}, data {data}");
                    return new StreamedEvent(id.Value, type, JsonDocument.Parse(data).RootElement.Clone());
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                Comments.Add(line);
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = long.Parse(line["id: ".Length..], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                Assert.True(data is null, $"Expected one data line per event, got a second: {line}");
                data = line["data: ".Length..];
            }
            else
            {
                Assert.Fail($"Expected only id, event, data and comment lines in the stream but got '{line}'");
            }
        }
    }

    /// <summary>Reads events until one of <paramref name="type"/> arrives; returns all of them, that one last.</summary>
    public async Task<List<StreamedEvent>> UntilAsync(string type)
    {
        var events = new List<StreamedEvent>();
        do
        {
            events.Add(await NextAsync($"a {type} event (so far: {string.Join(", ", events.Select(e => e.Type))})"));
        }
        while (events[^1].Type != type);

        return events;
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        _http.Dispose();
        await Task.CompletedTask;
    }

    private async Task<string> ReadLineAsync(TimeSpan timeout, string expectation)
    {
        using var deadline = new CancellationTokenSource(timeout > TimeSpan.Zero ? timeout : TimeSpan.FromTicks(1));
        try
        {
            return await _reader.ReadLineAsync(deadline.Token) ?? throw new Xunit.Sdk.XunitException($"The event stream ended while waiting for {expectation}");
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new Xunit.Sdk.XunitException($"No {expectation} arrived on the event stream within {timeout.TotalSeconds} s");
        }
    }
}
