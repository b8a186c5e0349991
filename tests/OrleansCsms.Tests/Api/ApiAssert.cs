using System.Net;
using System.Text;
using System.Text.Json;

namespace OrleansCsms.Tests.Api;

/// <summary>Assertions on API responses that say what was expected and show the body that came instead.</summary>
public static class ApiAssert
{
    /// <summary>Asserts a status and a JSON body, and returns the body.</summary>
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        AssertStatus(response, expected, body);
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json",
            $"Expected an application/json body but got '{response.Content.Headers.ContentType}': {body}");
        return Parse(body);
    }

    /// <summary>Asserts a status with an RFC 9457 problem body of that status and a title, and returns the problem.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        AssertStatus(response, expected, body);
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
            $"Expected an application/problem+json body for {(int)expected} but got '{response.Content.Headers.ContentType}': {body}");
        var problem = Parse(body);
        Assert.True(problem.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Number && status.GetInt32() == (int)expected,
            $"Expected the problem's status to be {(int)expected}: {body}");
        Assert.True(problem.TryGetProperty("title", out var title) && !string.IsNullOrWhiteSpace(title.GetString()),
            $"Expected the problem to have a title: {body}");
        return problem;
    }

    /// <summary>Asserts a 400 problem whose errors name each of <paramref name="fields"/>.</summary>
    public static async Task<JsonElement> ValidationProblemAsync(HttpResponseMessage response, params string[] fields)
    {
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object,
            $"Expected the 400 problem to have an 'errors' dictionary: {problem}");
        foreach (var field in fields)
        {
            Assert.True(errors.TryGetProperty(field, out _), $"Expected the errors to name '{field}': {errors}");
        }

        return problem;
    }

    public static async Task NoContentAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        AssertStatus(response, HttpStatusCode.NoContent, body);
    }

    public static StringContent RawJson(string text) => new(text, Encoding.UTF8, "application/json");

    public static string GetString(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new Xunit.Sdk.XunitException($"Expected a string property '{property}' in {element}");

    private static void AssertStatus(HttpResponseMessage response, HttpStatusCode expected, string body) =>
        Assert.True(response.StatusCode == expected,
            $"Expected {(int)expected} {expected} from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} " +
            $"but got {(int)response.StatusCode} {response.StatusCode}: {body}");

    private static JsonElement Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"Expected a JSON body but it did not parse ({e.Message}): {body}");
        }
    }
}
