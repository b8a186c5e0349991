using Microsoft.Extensions.Options;
using OrleansCsms.Frontend.Api;
using OrleansCsms.Frontend.Ocpp;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Console;

/// <summary>A command form of the charge point page; each command reads the fields it needs.</summary>
public sealed class CommandForm
{
    public int? ConnectorId { get; set; }

    public string? IdTag { get; set; }

    public int? TransactionId { get; set; }

    public string? Type { get; set; }

    public string? Message { get; set; }
}

/// <summary>
/// The console's commands, checked by the same rules as the API's and sent to the charge point grain the same way; the
/// answer is what the charge point said.
/// </summary>
public sealed class ConsoleCommands(IGrainFactory grains, IOptions<OcppOptions> ocpp)
{
    public const string RemoteStart = "remote-start";
    public const string RemoteStop = "remote-stop";
    public const string Reset = "reset";
    public const string Unlock = "unlock";
    public const string Availability = "availability";
    public const string Trigger = "trigger";

    public async Task<CommandAnswerView> SendAsync(string chargePointId, string name, CommandForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var max = ocpp.Value.MaxConnectorId;
        var errors = new ValidationErrors();
        (string Action, ChargePointCommand? Command) request = name switch
        {
            RemoteStart => ("RemoteStartTransaction", Checked(
                errors.IdTag("idTag", Blank(form.IdTag)).Check(form.ConnectorId is null || (form.ConnectorId > 0 && form.ConnectorId <= max), "connectorId", $"Must be 1 to {max}, or empty to let the charge point pick."),
                () => new RemoteStartCommand(form.IdTag!.Trim(), form.ConnectorId))),
            RemoteStop => ("RemoteStopTransaction", Checked(
                errors.Check(form.TransactionId is not null, "transactionId", "Required."),
                () => new RemoteStopCommand(form.TransactionId!.Value))),
            Reset => ("Reset", Checked(errors.OneOf("type", form.Type, CommandRules.ResetTypes), () => new ResetCommand(form.Type!))),
            Unlock => ("UnlockConnector", Checked(
                errors.Check(form.ConnectorId > 0 && form.ConnectorId <= max, "connectorId", $"Required, 1 to {max}."),
                () => new UnlockConnectorCommand(form.ConnectorId!.Value))),
            Availability => ("ChangeAvailability", Checked(
                errors.Check(form.ConnectorId >= 0 && form.ConnectorId <= max, "connectorId", $"Required, 0 (the whole charge point) to {max}.")
                    .OneOf("type", form.Type, CommandRules.AvailabilityTypes),
                () => new ChangeAvailabilityCommand(form.ConnectorId!.Value, form.Type!))),
            Trigger => ("TriggerMessage", Checked(
                errors.OneOf("requestedMessage", form.Message, CommandRules.MessageTriggers)
                    .Check(form.ConnectorId is null || (form.ConnectorId >= 0 && form.ConnectorId <= max), "connectorId", $"Must be 0 to {max}, or empty."),
                () => new TriggerMessageCommand(form.Message!, form.ConnectorId))),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown console command."),
        };

        if (request.Command is null)
        {
            return CommandAnswerView.Invalid(request.Action, Describe(errors));
        }

        var result = await grains.GetGrain<IChargePointGrain>(chargePointId).CommandAsync(request.Command, cancellationToken: cancellationToken);
        return CommandAnswerView.From(request.Action, result);
    }

    /// <summary>The charge point's configuration keys as it lists them (GetConfiguration), or why there are none.</summary>
    public async Task<(IReadOnlyList<ConfigurationEntry> Entries, CommandAnswerView Answer)> ReadConfigurationAsync(string chargePointId, CancellationToken cancellationToken)
    {
        var result = await grains.GetGrain<IChargePointGrain>(chargePointId).CommandAsync(new GetConfigurationCommand(), cancellationToken: cancellationToken);
        var entries = new List<ConfigurationEntry>();
        if (result.Payload is { } payload && payload.TryGetProperty("configurationKey", out var keys) && keys.ValueKind == System.Text.Json.JsonValueKind.Array)
        {
            foreach (var key in keys.EnumerateArray())
            {
                entries.Add(new ConfigurationEntry(
                    key.TryGetProperty("key", out var k) ? k.GetString() ?? "" : "",
                    key.TryGetProperty("value", out var v) ? v.GetString() : null,
                    key.TryGetProperty("readonly", out var r) && r.ValueKind == System.Text.Json.JsonValueKind.True));
            }
        }

        return ([.. entries.OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase)], CommandAnswerView.From("GetConfiguration", result));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static ChargePointCommand? Checked(ValidationErrors errors, Func<ChargePointCommand> command) => errors.IsValid ? command() : null;

    private static string Describe(ValidationErrors errors) =>
        "Not sent: " + string.Join("; ", errors.ToProblem().ProblemDetails.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
}

public sealed record ConfigurationEntry(string Key, string? Value, bool ReadOnly);
