using System.Net;
using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Api;

[Collection(CsmsCollection.Name)]
public sealed class OpenApiDocumentTests(CsmsHostFixture fixture)
{
    private HttpClient Api => fixture.Host.Api;

    public static TheoryData<string, string> Operations => new()
    {
        { "/api/charge-points", "get" },
        { "/api/charge-points", "post" },
        { "/api/charge-points/{id}", "get" },
        { "/api/charge-points/{id}", "delete" },
        { "/api/charge-points/{id}/password", "put" },
        { "/api/charge-points/{id}/messages", "get" },
        { "/api/charge-points/{id}/remote-start", "post" },
        { "/api/charge-points/{id}/remote-stop", "post" },
        { "/api/charge-points/{id}/reset", "post" },
        { "/api/charge-points/{id}/unlock", "post" },
        { "/api/charge-points/{id}/availability", "post" },
        { "/api/charge-points/{id}/configuration", "get" },
        { "/api/charge-points/{id}/configuration/{key}", "get" },
        { "/api/charge-points/{id}/configuration/{key}", "put" },
        { "/api/charge-points/{id}/clear-cache", "post" },
        { "/api/charge-points/{id}/data-transfer", "post" },
        { "/api/charge-points/{id}/trigger", "post" },
        { "/api/charge-points/{id}/get-diagnostics", "post" },
        { "/api/charge-points/{id}/update-firmware", "post" },
        { "/api/charge-points/{id}/get-log", "post" },
        { "/api/charge-points/{id}/signed-update-firmware", "post" },
        { "/api/charge-points/{id}/jobs", "get" },
        { "/api/jobs/{jobId}", "get" },
        { "/api/jobs/{jobId}/file", "get" },
        { "/api/firmware-files", "post" },
        { "/api/firmware-files/{fileId}", "get" },
        { "/api/firmware-files/{fileId}", "delete" },
        { "/api/charge-points/{id}/publish-firmware", "post" },
        { "/api/charge-points/{id}/unpublish-firmware", "post" },
        { "/api/charge-points/{id}/calls/{action}", "post" },
        { "/api/charge-points/{id}/reservations", "post" },
        { "/api/charge-points/{id}/reservations", "get" },
        { "/api/reservations/{reservationId}", "get" },
        { "/api/reservations/{reservationId}", "delete" },
        { "/api/charge-points/{id}/local-list", "get" },
        { "/api/charge-points/{id}/local-list", "put" },
        { "/api/charge-points/{id}/local-list/entries", "post" },
        { "/api/charge-points/{id}/local-list/entries/{idTag}", "delete" },
        { "/api/charge-points/{id}/local-list/sync", "post" },
        { "/api/charge-points/{id}/local-list/version", "get" },
        { "/api/charge-points/{id}/charging-profiles", "get" },
        { "/api/charge-points/{id}/charging-profiles", "post" },
        { "/api/charge-points/{id}/charging-profiles", "delete" },
        { "/api/charge-points/{id}/charging-profiles/{chargingProfileId}", "get" },
        { "/api/charge-points/{id}/charging-profiles/composite", "get" },
        { "/api/charge-points/{id}/composite-schedule", "get" },
        { "/api/charge-points/{id}/charging-profile-reports", "post" },
        { "/api/charge-points/{id}/charging-profile-reports", "get" },
        { "/api/charge-points/{id}/charging-profile-reports/{requestId}", "get" },
        { "/api/charge-points/{id}/charging-limits", "get" },
        { "/api/charge-points/{id}/ev-charging-needs", "get" },
        { "/api/charge-points/{id}/security-events", "get" },
        { "/api/charge-points/{id}/extended-trigger", "post" },
        { "/api/charge-points/{id}/certificates/install", "post" },
        { "/api/charge-points/{id}/certificates/get-installed-ids", "post" },
        { "/api/charge-points/{id}/certificates/installed", "get" },
        { "/api/charge-points/{id}/certificates/delete", "post" },
        { "/api/charge-points/{id}/certificates/signing-requests", "get" },
        { "/api/charge-points/{id}/certificates/signing-requests/{requestId}/sign", "post" },
        { "/api/charge-points/{id}/certificates/signing-requests/{requestId}/chain", "post" },
        { "/api/charge-points/{id}/certificates/issued", "get" },
        { "/api/charge-points/{id}/authorization-key", "post" },
        { "/api/charge-points/{id}/security-profile", "post" },
        { "/api/charge-points/{id}/security-profile/lower", "post" },
        { "/api/charge-points/{id}/disconnect", "post" },
        { "/api/charge-points/{id}/queued-commands", "get" },
        { "/api/charge-points/{id}/queued-commands/{commandId}", "get" },
        { "/api/charge-points/{id}/queued-commands/{commandId}", "delete" },
        { "/api/sessions", "post" },
        { "/api/sessions/{transactionId}", "get" },
        { "/api/sessions/{transactionId}", "delete" },
        { "/api/statistics", "get" },
        { "/api/charge-points/{id}/boot-status", "put" },
        { "/api/charge-points/{id}/device-model", "get" },
        { "/api/charge-points/{id}/device-model/events", "get" },
        { "/api/charge-points/{id}/variables/get", "post" },
        { "/api/charge-points/{id}/variables/set", "post" },
        { "/api/charge-points/{id}/reports", "post" },
        { "/api/charge-points/{id}/reports/custom", "post" },
        { "/api/charge-points/{id}/transaction-status", "post" },
        { "/api/charge-points/{id}/display-messages", "post" },
        { "/api/charge-points/{id}/display-messages", "get" },
        { "/api/charge-points/{id}/display-messages/query", "post" },
        { "/api/charge-points/{id}/display-messages/{messageId}", "delete" },
        { "/api/charge-points/{id}/meter-values", "get" },
        { "/api/tariffs", "get" },
        { "/api/tariffs/{tariffId}", "get" },
        { "/api/tariffs/{tariffId}", "put" },
        { "/api/tariffs/{tariffId}", "delete" },
        { "/api/tariff-assignments/default", "put" },
        { "/api/tariff-assignments/charge-points/{id}", "put" },
        { "/api/tariff-assignments/id-tag-groups/{groupId}", "put" },
        { "/api/charge-points/{id}/monitoring", "get" },
        { "/api/charge-points/{id}/monitoring/base", "post" },
        { "/api/charge-points/{id}/monitoring/level", "post" },
        { "/api/charge-points/{id}/monitoring/monitors", "post" },
        { "/api/charge-points/{id}/monitoring/monitors/clear", "post" },
        { "/api/charge-points/{id}/monitoring/reports", "post" },
        { "/api/charge-points/{id}/customer-information", "post" },
        { "/api/charge-points/{id}/customer-information", "get" },
        { "/api/charge-points/{id}/customer-information/{requestId}", "get" },
        { "/api/transactions", "get" },
        { "/api/transactions/{id}", "get" },
        { "/api/id-tags", "get" },
        { "/api/id-tags/{idTag}", "get" },
        { "/api/id-tags/{idTag}", "put" },
        { "/api/id-tags/{idTag}", "delete" },
        { "/api/auth/login", "post" },
        { "/api/auth/logout", "post" },
        { "/api/auth/token", "post" },
        { "/api/auth/me", "get" },
        { "/api/accounts", "get" },
        { "/api/accounts", "post" },
        { "/api/accounts/{name}", "get" },
        { "/api/accounts/{name}", "patch" },
        { "/api/accounts/{name}", "delete" },
        { "/api/events", "get" },
        { "/api/events/page", "get" },
        { "/api/webhooks", "get" },
        { "/api/charge-points/locations", "get" },
        { "/api/charge-points/{id}/location", "put" },
        { "/api/charge-points/{id}/location", "delete" },
        { "/api/transactions/export.csv", "get" },
        { "/api/overview", "get" },
        { "/api/statistics/series", "get" },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task The_openapi_document_describes_every_operation_with_a_name_and_summary(string path, string method)
    {
        var operation = (await DocumentAsync()).GetProperty("paths").TryGetProperty(path, out var item) && item.TryGetProperty(method, out var op)
            ? op
            : throw new Xunit.Sdk.XunitException($"Expected the OpenAPI document to describe {method.ToUpperInvariant()} {path}");

        Assert.True(operation.TryGetProperty("operationId", out _), $"Expected {method} {path} to have an operationId: {operation}");
        Assert.True(operation.TryGetProperty("summary", out _), $"Expected {method} {path} to have a summary: {operation}");
        Assert.True(operation.TryGetProperty("responses", out var responses) && responses.EnumerateObject().Any(),
            $"Expected {method} {path} to declare its responses: {operation}");
    }

    [Theory]
    [InlineData("/api/charge-points", "post")]
    [InlineData("/api/id-tags/{idTag}", "put")]
    [InlineData("/api/charge-points/{id}/remote-start", "post")]
    [InlineData("/api/charge-points/{id}/reservations", "post")]
    [InlineData("/api/charge-points/{id}/trigger", "post")]
    [InlineData("/api/charge-points/{id}/get-diagnostics", "post")]
    [InlineData("/api/charge-points/{id}/update-firmware", "post")]
    [InlineData("/api/charge-points/{id}/get-log", "post")]
    [InlineData("/api/charge-points/{id}/signed-update-firmware", "post")]
    [InlineData("/api/charge-points/{id}/publish-firmware", "post")]
    [InlineData("/api/charge-points/{id}/unpublish-firmware", "post")]
    [InlineData("/api/charge-points/{id}/local-list", "put")]
    [InlineData("/api/charge-points/{id}/certificates/signing-requests/{requestId}/chain", "post")]
    [InlineData("/api/charge-points/{id}/authorization-key", "post")]
    [InlineData("/api/charge-points/{id}/security-profile", "post")]
    [InlineData("/api/charge-points/{id}/security-profile/lower", "post")]
    [InlineData("/api/auth/token", "post")]
    [InlineData("/api/accounts", "post")]
    [InlineData("/api/accounts/{name}", "patch")]
    [InlineData("/api/sessions", "post")]
    [InlineData("/api/charge-points/{id}/location", "put")]
    public async Task Operations_with_a_body_describe_it_as_json(string path, string method)
    {
        var operation = (await DocumentAsync()).GetProperty("paths").GetProperty(path).GetProperty(method);

        Assert.True(operation.TryGetProperty("requestBody", out var body) && body.GetProperty("content").TryGetProperty("application/json", out _),
            $"Expected {method} {path} to describe a JSON request body: {operation}");
    }

    [Theory]
    [InlineData("/api/charge-points/{id}/trigger", "requestedMessage", "connectorId")]
    [InlineData("/api/charge-points/{id}/reset", "type", "evseId")]
    [InlineData("/api/charge-points/{id}/reservations", "connectorId", "idTag", "parentIdTag", "expiryDate", "connectorType")]
    [InlineData("/api/charge-points/{id}/variables/get", "items")]
    [InlineData("/api/charge-points/{id}/variables/set", "items")]
    [InlineData("/api/charge-points/{id}/reports", "reportBase")]
    [InlineData("/api/charge-points/{id}/transaction-status", "transactionId")]
    [InlineData("/api/charge-points/{id}/display-messages", "priority", "state", "startDateTime", "endDateTime", "transactionId", "message")]
    [InlineData("/api/charge-points/{id}/display-messages/query", "ids", "priority", "state")]
    [InlineData("/api/charge-points/{id}/monitoring/base", "monitoringBase")]
    [InlineData("/api/charge-points/{id}/monitoring/level", "severity")]
    [InlineData("/api/charge-points/{id}/monitoring/monitors", "items")]
    [InlineData("/api/charge-points/{id}/monitoring/monitors/clear", "ids")]
    [InlineData("/api/charge-points/{id}/monitoring/reports", "monitoringCriteria", "componentVariables")]
    [InlineData("/api/charge-points/{id}/customer-information", "report", "clear", "customerIdentifier", "idToken", "customerCertificate")]
    [InlineData("/api/charge-points/{id}/get-diagnostics", "location", "retries", "retryInterval", "startTime", "stopTime")]
    [InlineData("/api/charge-points/{id}/update-firmware", "location", "retrieveDate", "retries", "retryInterval")]
    [InlineData("/api/charge-points/{id}/extended-trigger", "requestedMessage", "connectorId")]
    [InlineData("/api/charge-points/{id}/certificates/install", "certificateType", "certificate")]
    [InlineData("/api/charge-points/{id}/certificates/get-installed-ids", "certificateType", "certificateTypes")]
    [InlineData("/api/charge-points/{id}/certificates/delete", "certificateHashData", "serialNumber", "certificateType")]
    [InlineData("/api/charge-points/{id}/authorization-key", "key")]
    [InlineData("/api/charge-points/{id}/security-profile", "profile", "configurationSlot", "ocppCsmsUrl", "ocppInterface", "messageTimeout")]
    [InlineData("/api/charge-points/{id}/security-profile/lower", "profile", "reason")]
    [InlineData("/api/charge-points/{id}/update-firmware", "location", "firmwareFileId", "retrieveDate", "retries", "retryInterval")]
    [InlineData("/api/charge-points/{id}/get-log", "logType", "remoteLocation", "oldestTimestamp", "latestTimestamp", "retries", "retryInterval")]
    [InlineData("/api/charge-points/{id}/signed-update-firmware", "location", "firmwareFileId", "retrieveDateTime", "installDateTime", "signingCertificate", "signature")]
    [InlineData("/api/charge-points/{id}/update-firmware", "installDateTime")]
    [InlineData("/api/charge-points/{id}/publish-firmware", "location", "firmwareFileId", "checksum", "retries", "retryInterval")]
    [InlineData("/api/charge-points/{id}/unpublish-firmware", "checksum")]
    public async Task Typed_commands_describe_the_fields_of_their_request_body(string path, params string[] fields)
    {
        var document = await DocumentAsync();
        var operation = document.GetProperty("paths").GetProperty(path).GetProperty("post");
        var schema = operation.TryGetProperty("requestBody", out var body) && body.GetProperty("content").TryGetProperty("application/json", out var json)
            && json.TryGetProperty("schema", out var described)
            ? described
            : throw new Xunit.Sdk.XunitException($"Expected POST {path} to describe its JSON request body: {operation}");
        if (schema.TryGetProperty("$ref", out var reference))
        {
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
        }

        foreach (var field in fields)
        {
            Assert.True(schema.TryGetProperty("properties", out var properties) && properties.TryGetProperty(field, out _),
                $"Expected the request body of POST {path} to describe '{field}': {schema}");
        }
    }

    [Theory]
    [InlineData("/api/charge-points/{id}", "get", "404")]
    [InlineData("/api/charge-points", "post", "409")]
    [InlineData("/api/charge-points/{id}/reset", "post", "502")]
    [InlineData("/api/charge-points/{id}/reset", "post", "504")]
    [InlineData("/api/charge-points/{id}/reset", "post", "400")]
    [InlineData("/api/charge-points/{id}/trigger", "post", "400")]
    [InlineData("/api/charge-points/{id}/trigger", "post", "409")]
    [InlineData("/api/charge-points/{id}/get-diagnostics", "post", "502")]
    [InlineData("/api/charge-points/{id}/update-firmware", "post", "504")]
    [InlineData("/api/charge-points/{id}/signed-update-firmware", "post", "409")]
    [InlineData("/api/charge-points/{id}/publish-firmware", "post", "409")]
    [InlineData("/api/charge-points/{id}/unpublish-firmware", "post", "400")]
    [InlineData("/api/jobs/{jobId}", "get", "404")]
    [InlineData("/api/firmware-files", "post", "413")]
    [InlineData("/api/charge-points/{id}/local-list", "put", "400")]
    [InlineData("/api/charge-points/{id}/local-list", "put", "404")]
    [InlineData("/api/charge-points/{id}/certificates/install", "post", "400")]
    [InlineData("/api/charge-points/{id}/certificates/signing-requests/{requestId}/chain", "post", "409")]
    [InlineData("/api/charge-points/{id}/certificates/issued", "get", "404")]
    [InlineData("/api/charge-points/{id}/authorization-key", "post", "409")]
    [InlineData("/api/charge-points/{id}/security-profile", "post", "504")]
    [InlineData("/api/charge-points/{id}/security-profile/lower", "post", "409")]
    public async Task Error_responses_are_declared_as_problem_details(string path, string method, string status)
    {
        var responses = (await DocumentAsync()).GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses");

        Assert.True(responses.TryGetProperty(status, out var response) && response.GetProperty("content").TryGetProperty("application/problem+json", out _),
            $"Expected {method} {path} to declare {status} as application/problem+json: {responses}");
    }

    [Fact]
    public async Task The_document_never_mentions_a_password_hash()
    {
        var text = await Api.GetStringAsync("/openapi/v1.json");

        Assert.False(text.Contains("passwordHash", StringComparison.OrdinalIgnoreCase), "Expected no passwordHash in the OpenAPI document");
    }

    [Fact]
    public async Task The_api_ui_is_served()
    {
        var response = await Api.GetAsync("/swagger/index.html");

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200 from /swagger/index.html but got {(int)response.StatusCode}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<JsonElement> DocumentAsync() => await ApiAssert.JsonAsync(await Api.GetAsync("/openapi/v1.json"), HttpStatusCode.OK);
}
