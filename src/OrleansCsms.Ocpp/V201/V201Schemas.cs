using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace OrleansCsms.Ocpp.V201;

/// <summary>Validates 2.0.1 payloads against the official schemas, compiled into <c>V201SchemaDescriptors</c>.</summary>
public static class V201Schemas
{
    /// <summary>Every action the 2.0.1 schema file defines.</summary>
    public static IReadOnlyCollection<string> Actions { get; } = V201SchemaDescriptors.Requests.Keys;

    public static bool IsKnownAction(string action) => V201SchemaDescriptors.Requests.ContainsKey(action);

    /// <summary>Checks the payload of a CALL; an unknown action is NotImplemented, as OCPP-J prescribes.</summary>
    public static ValidationResult ValidateRequest(string action, JsonElement payload) =>
        Validate(V201SchemaDescriptors.Requests, action, payload);

    /// <summary>Checks the payload of the CALLRESULT answering <paramref name="action"/>.</summary>
    public static ValidationResult ValidateConfirmation(string action, JsonElement payload) =>
        Validate(V201SchemaDescriptors.Confirmations, action, payload);

    public static bool TryGetRequestSchema(string action, [NotNullWhen(true)] out SchemaNode? schema) =>
        V201SchemaDescriptors.Requests.TryGetValue(action, out schema);

    public static bool TryGetConfirmationSchema(string action, [NotNullWhen(true)] out SchemaNode? schema) =>
        V201SchemaDescriptors.Confirmations.TryGetValue(action, out schema);

    private static ValidationResult Validate(IReadOnlyDictionary<string, SchemaNode> schemas, string action, JsonElement payload)
    {
        ArgumentNullException.ThrowIfNull(action);
        return schemas.TryGetValue(action, out var schema)
            ? OcppPayloadValidator.Validate(payload, schema)
            : ValidationResult.Invalid(OcppErrorCode.NotImplemented, $"Action '{action}' is not known to OCPP 2.0.1.");
    }
}
