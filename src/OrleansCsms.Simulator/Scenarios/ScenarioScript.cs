using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansCsms.Simulator;

/// <summary>One charge point's scripted behaviour: who it is and the steps it takes, in order.</summary>
public sealed record ScenarioScript
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,

        // A misspelt step name must fail loudly rather than silently do nothing.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public required string Identity { get; init; }

    /// <summary>HTTP Basic password; the command line's --password wins.</summary>
    public string? Password { get; init; }

    /// <summary>How long each call waits for its answer.</summary>
    public double CallTimeoutSeconds { get; init; } = 30;

    public required IReadOnlyList<ScenarioStep> Steps { get; init; }

    /// <summary>Free text for whoever reads the file.</summary>
    public string? Description { get; init; }

    /// <summary>Reads and checks a scenario file; throws <see cref="InvalidDataException"/> saying what is wrong.</summary>
    public static ScenarioScript Parse(string json)
    {
        ScenarioScript? script;
        try
        {
            script = JsonSerializer.Deserialize<ScenarioScript>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The scenario is not valid: {ex.Message}", ex);
        }

        if (script is null || string.IsNullOrWhiteSpace(script.Identity))
        {
            throw new InvalidDataException("The scenario needs an \"identity\".");
        }

        for (var i = 0; i < script.Steps.Count; i++)
        {
            var kinds = script.Steps[i].Kinds();
            if (kinds.Count != 1)
            {
                throw new InvalidDataException(
                    $"Step {i + 1} must do exactly one thing, but has {(kinds.Count == 0 ? "none" : string.Join(", ", kinds))}.");
            }
        }

        return script;
    }

    /// <summary>The id tags the steps use, so they can be created on the central system first.</summary>
    public IReadOnlyList<string> IdTags() =>
        [.. Steps.Select(s => s.StartTransaction?.IdTag ?? (s.Send == "Authorize" ? s.IdTag : null)).OfType<string>().Distinct(StringComparer.Ordinal)];

    public static async Task<ScenarioScript> LoadAsync(string path, CancellationToken cancellationToken) =>
        Parse(await File.ReadAllTextAsync(path, cancellationToken));
}

/// <summary>
/// One step; exactly one of <see cref="Send"/>, <see cref="StartTransaction"/>, <see cref="MeterValues"/>,
/// <see cref="StopTransaction"/>, <see cref="Wait"/>, <see cref="Disconnect"/>, <see cref="Reconnect"/>,
/// <see cref="Raw"/> or <see cref="ExpectCall"/> is set.
/// </summary>
public sealed record ScenarioStep
{
    /// <summary>Sends this action; the payload is <see cref="Payload"/> or built from the shortcut fields below.</summary>
    public string? Send { get; init; }

    /// <summary>The exact payload to send, valid or not.</summary>
    public JsonElement? Payload { get; init; }

    public int? ConnectorId { get; init; }

    public string? Status { get; init; }

    public string? ErrorCode { get; init; }

    public string? IdTag { get; init; }

    public StartTransactionStep? StartTransaction { get; init; }

    public MeterValuesStep? MeterValues { get; init; }

    public StopTransactionStep? StopTransaction { get; init; }

    /// <summary>Seconds to wait.</summary>
    public double? Wait { get; init; }

    /// <summary>Closes the connection; transaction messages are queued until <see cref="Reconnect"/>.</summary>
    public bool? Disconnect { get; init; }

    /// <summary>With <see cref="Disconnect"/>: drop the socket without a close handshake, as a power cut would.</summary>
    public bool Abrupt { get; init; }

    /// <summary>Opens a new connection (without a new BootNotification) and delivers the queued transaction messages.</summary>
    public bool? Reconnect { get; init; }

    /// <summary>A frame sent exactly as written; a well-formed CALL waits for its answer.</summary>
    public string? Raw { get; init; }

    /// <summary>With <see cref="Raw"/> frames that are not CALLs: how long to listen for whatever comes back.</summary>
    public double WaitSeconds { get; init; } = 1;

    /// <summary>Waits for the central system to send a call, and answers it.</summary>
    public ExpectCallStep? ExpectCall { get; init; }

    /// <summary>The CALLERROR code this step should get ("*" for any); without it, any CALLERROR fails the scenario.</summary>
    public string? ExpectError { get; init; }

    /// <summary>Free text printed with the step.</summary>
    public string? Comment { get; init; }

    internal IReadOnlyList<string> Kinds()
    {
        var kinds = new List<string>();
        Add(Send is not null, "send");
        Add(StartTransaction is not null, "startTransaction");
        Add(MeterValues is not null, "meterValues");
        Add(StopTransaction is not null, "stopTransaction");
        Add(Wait is not null, "wait");
        Add(Disconnect is true, "disconnect");
        Add(Reconnect is true, "reconnect");
        Add(Raw is not null, "raw");
        Add(ExpectCall is not null, "expectCall");
        return kinds;

        void Add(bool present, string name)
        {
            if (present)
            {
                kinds.Add(name);
            }
        }
    }
}

public sealed record StartTransactionStep
{
    public int ConnectorId { get; init; } = 1;

    public string IdTag { get; init; } = "SIM-TAG-1";

    /// <summary>The register at the start; defaults to the connector's current register.</summary>
    public int? MeterStart { get; init; }

    public DateTimeOffset? Timestamp { get; init; }
}

public sealed record MeterValuesStep
{
    /// <summary>Defaults to the connector of the last started transaction.</summary>
    public int? ConnectorId { get; init; }

    public int Count { get; init; } = 1;

    public double IntervalSeconds { get; init; }

    /// <summary>How much the register grows before each sample.</summary>
    public double EnergyStepWh { get; init; }
}

public sealed record StopTransactionStep
{
    /// <summary>Defaults to the connector of the last started transaction.</summary>
    public int? ConnectorId { get; init; }

    /// <summary>The register at the stop; defaults to the connector's current register.</summary>
    public int? MeterStop { get; init; }

    public string? Reason { get; init; }
}

public sealed record ExpectCallStep
{
    public required string Action { get; init; }

    /// <summary>The CALLRESULT payload to answer with; without it, the usual answer for the action.</summary>
    public JsonElement? Reply { get; init; }

    public double TimeoutSeconds { get; init; } = 30;
}
