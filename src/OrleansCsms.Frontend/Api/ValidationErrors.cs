using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OrleansCsms.Frontend.Api;

/// <summary>Collects what is wrong with a request, field by field, and turns it into one 400 problem.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public ValidationErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
        return this;
    }

    public ValidationErrors Check(bool valid, string field, string message) => valid ? this : Add(field, message);

    /// <summary>Checks a string's length; a null value is an error only when <paramref name="required"/>.</summary>
    public ValidationErrors Length(string field, string? value, int min, int max, bool required = true)
    {
        if (value is null)
        {
            return required ? Add(field, "Required.") : this;
        }

        return Check(value.Length >= min && value.Length <= max, field,
            min == max ? $"Must be {min} characters." : $"Must be {min}-{max} characters long.");
    }

    /// <summary>Checks that a value is one of a fixed set, matched exactly as OCPP enumerations are.</summary>
    public ValidationErrors OneOf(string field, string? value, IReadOnlyCollection<string> allowed)
    {
        if (value is null)
        {
            return Add(field, "Required.");
        }

        return Check(allowed.Contains(value, StringComparer.Ordinal), field, $"Must be one of: {string.Join(", ", allowed)}.");
    }

    public ValidationProblem ToProblem(string title = "The request is not valid.") =>
        TypedResults.ValidationProblem(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal), title: title);
}
