using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using OrleansCsms.Ocpp;

namespace OrleansCsms.Simulator;

/// <summary>The simulator's command-line options and how they become <see cref="SimulationSettings"/>.</summary>
public sealed class SimulatorOptions
{
    /// <summary>What --flood can send; each has a payload in both versions.</summary>
    private static readonly string[] FloodActions = ["Heartbeat", "StatusNotification", "MeterValues", "Authorize", "DataTransfer"];

    public Option<Uri> Url { get; } = new("--url")
    {
        Description = "OCPP endpoint; each charge point's identity is appended as the last path segment.",
        DefaultValueFactory = _ => new Uri("ws://127.0.0.1:8180/ocpp"),
        CustomParser = ParseAbsoluteUri,
    };

    public Option<string> IdPrefix { get; } = new("--id-prefix")
    {
        Description = "Identity prefix: charge points are <prefix>-00001, <prefix>-00002, ...",
        DefaultValueFactory = _ => "SIM",
    };

    public Option<int> FirstNumber { get; } = new("--first-number")
    {
        Description = "Number of the first charge point, so several simulators can share a central system.",
        DefaultValueFactory = _ => 1,
    };

    public Option<string> Ocpp { get; } = new("--ocpp")
    {
        Description = "OCPP version the charge points speak: 1.6 or 2.0.1 (fleet mode; scripted scenarios speak 1.6).",
        DefaultValueFactory = _ => "1.6",
    };

    public Option<string?> Password { get; } = new("--password") { Description = "HTTP Basic password (the user is the identity)." };

    public Option<int> ChargePoints { get; } = new("--charge-points", "-n")
    {
        Description = "Number of charge points.",
        DefaultValueFactory = _ => 10,
    };

    public Option<int> Connectors { get; } = new("--connectors") { Description = "Connectors per charge point.", DefaultValueFactory = _ => 2 };

    public Option<double> SessionLength { get; } = new("--session-length")
    {
        Description = "Simulated length of a charging session, in seconds.",
        DefaultValueFactory = _ => 120,
    };

    public Option<double> MeterInterval { get; } = new("--meter-interval")
    {
        Description = "Simulated seconds between MeterValues during a session (0: none).",
        DefaultValueFactory = _ => 10,
    };

    public Option<double> ThinkTime { get; } = new("--think-time")
    {
        Description = "Simulated idle seconds of a connector between sessions.",
        DefaultValueFactory = _ => 30,
    };

    public Option<double> Speed { get; } = new("--speed")
    {
        Description = "How many times faster than the clock sessions run (0: no waiting at all).",
        DefaultValueFactory = _ => 1,
    };

    public Option<double> RampUp { get; } = new("--ramp-up")
    {
        Description = "Charge points started per second.",
        DefaultValueFactory = _ => 50,
    };

    public Option<double> Duration { get; } = new("--duration")
    {
        Description = "Seconds to run (0: until Ctrl+C, or until every charge point has done --sessions).",
        DefaultValueFactory = _ => 0,
    };

    public Option<int> Sessions { get; } = new("--sessions")
    {
        Description = "Sessions per charge point before it only idles (0: no limit).",
        DefaultValueFactory = _ => 0,
    };

    public Option<string[]> IdTags { get; } = new("--id-tags")
    {
        Description = "Id tags sessions use (space or comma separated); they must exist on the central system.",
        AllowMultipleArgumentsPerToken = true,
        DefaultValueFactory = _ => ["SIM-TAG-1"],
    };

    public Option<Uri?> CreateIdTags { get; } = new("--create-id-tags")
    {
        Description = "REST API root (e.g. http://127.0.0.1:8180/api) to create the --id-tags on first, with status Accepted.",
        CustomParser = ParseAbsoluteUri,
    };

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = $"Operator API key --create-id-tags sends (X-Api-Key); {IdTagProvisioner.ApiKeyVariable} when not given.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(IdTagProvisioner.ApiKeyVariable) is { Length: > 0 } key ? key : null,
    };

    public Option<double?> HeartbeatInterval { get; } = new("--heartbeat-interval")
    {
        Description = "Heartbeat interval in seconds instead of the one the central system gives (0: no heartbeats).",
    };

    public Option<double> CallTimeout { get; } = new("--call-timeout")
    {
        Description = "Seconds a call waits for its answer.",
        DefaultValueFactory = _ => 30,
    };

    public Option<string[]> Flood { get; } = new("--flood")
    {
        Description = "Actions every charge point sends back to back once booted (Heartbeat, StatusNotification, MeterValues, Authorize, DataTransfer).",
        AllowMultipleArgumentsPerToken = true,
        DefaultValueFactory = _ => [],
    };

    public Option<bool> Idle { get; } = new("--idle") { Description = "Start no sessions by themselves; only RemoteStartTransaction starts one." };

    public Option<RemoteStartBehaviour> RemoteStart { get; } = new("--remote-start")
    {
        Description = "Answer to RemoteStartTransaction: StartSession, AcceptOnly or Reject.",
        DefaultValueFactory = _ => RemoteStartBehaviour.StartSession,
    };

    public Option<string[]> SourceAddresses { get; } = new("--source-addresses")
    {
        Description = "Local addresses to spread connections over (e.g. 127.0.0.2 127.0.0.3) when ephemeral ports run out.",
        AllowMultipleArgumentsPerToken = true,
        DefaultValueFactory = _ => [],
    };

    public Option<int?> Seed { get; } = new("--seed") { Description = "Random seed, for repeatable runs." };

    public Option<FileInfo?> Scenario { get; } = new("--scenario")
    {
        Description = "Play a scripted scenario (JSON) as one charge point, printing every frame, instead of simulating a fleet.",
    };

    public Option<FileInfo?> ReportJson { get; } = new("--report-json") { Description = "Also write the final summary to this file as JSON." };

    public IEnumerable<Option> All =>
    [
        Url, Ocpp, IdPrefix, FirstNumber, Password, ChargePoints, Connectors, SessionLength, MeterInterval, ThinkTime, Speed, RampUp,
        Duration, Sessions, IdTags, CreateIdTags, ApiKey, HeartbeatInterval, CallTimeout, Flood, Idle, RemoteStart, SourceAddresses, Seed,
        Scenario, ReportJson,
    ];

    public SimulationSettings ToSettings(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var duration = parse.GetValue(Duration);
        return new SimulationSettings
        {
            Endpoint = parse.GetValue(Url)!,
            OcppVersion = parse.GetValue(Ocpp) == "2.0.1" ? OcppVersion.V201 : OcppVersion.V16,
            IdPrefix = parse.GetValue(IdPrefix)!,
            FirstNumber = parse.GetValue(FirstNumber),
            Password = parse.GetValue(Password),
            ChargePoints = parse.GetValue(ChargePoints),
            Connectors = parse.GetValue(Connectors),
            SessionLength = TimeSpan.FromSeconds(parse.GetValue(SessionLength)),
            MeterInterval = TimeSpan.FromSeconds(parse.GetValue(MeterInterval)),
            ThinkTime = TimeSpan.FromSeconds(parse.GetValue(ThinkTime)),
            Speed = parse.GetValue(Speed),
            RampUpPerSecond = parse.GetValue(RampUp),
            Duration = duration > 0 ? TimeSpan.FromSeconds(duration) : null,
            SessionsPerChargePoint = parse.GetValue(Sessions),
            IdTags = SplitList(parse.GetValue(IdTags)),
            HeartbeatInterval = parse.GetValue(HeartbeatInterval) is { } heartbeat ? TimeSpan.FromSeconds(heartbeat) : null,
            CallTimeout = TimeSpan.FromSeconds(parse.GetValue(CallTimeout)),
            Flood = SplitList(parse.GetValue(Flood)),
            AutoSessions = !parse.GetValue(Idle),
            RemoteStart = parse.GetValue(RemoteStart),
            SourceAddresses = [.. SplitList(parse.GetValue(SourceAddresses)).Select(IPAddress.Parse)],
            Seed = parse.GetValue(Seed),
        };
    }

    private static Uri ParseAbsoluteUri(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            return uri;
        }

        result.AddError($"'{text}' is not an absolute URL.");
        return null!;
    }

    /// <summary>Accepts "a b", "a,b" and "a, b" alike.</summary>
    public static IReadOnlyList<string> SplitList(IEnumerable<string>? values) =>
        [.. (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    /// <summary>Adds range checks, so that nonsense fails at parse time with a clear message.</summary>
    public void AddValidators()
    {
        Ocpp.AcceptOnlyFromAmong("1.6", "2.0.1");
        Positive(ChargePoints);
        Positive(Connectors);
        NotNegative(SessionLength);
        NotNegative(MeterInterval);
        NotNegative(ThinkTime);
        NotNegative(Speed);
        NotNegative(Duration);
        Positive(CallTimeout);
        SourceAddresses.Validators.Add(result =>
        {
            foreach (var text in SplitList(result.GetValueOrDefault<string[]>()))
            {
                if (!IPAddress.TryParse(text, out _))
                {
                    result.AddError($"'{text}' is not an IP address.");
                }
            }
        });
        Flood.Validators.Add(result =>
        {
            foreach (var action in SplitList(result.GetValueOrDefault<string[]>()))
            {
                if (!FloodActions.Contains(action))
                {
                    result.AddError($"'{action}' is not one of the actions a charge point floods with: {string.Join(", ", FloodActions)}.");
                }
            }
        });
    }

    private static void Positive(Option<int> option) =>
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError($"{option.Name} must be 1 or more.");
            }
        });

    private static void Positive(Option<double> option) =>
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() <= 0)
            {
                result.AddError($"{option.Name} must be more than 0.");
            }
        });

    private static void NotNegative(Option<double> option) =>
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() < 0)
            {
                result.AddError($"{option.Name} must not be negative.");
            }
        });
}
