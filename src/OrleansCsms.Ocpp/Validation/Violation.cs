using System.Text;

namespace OrleansCsms.Ocpp;

/// <summary>A schema violation on its way up from where it was found, collecting its path as it goes.</summary>
internal sealed class Violation(OcppErrorCode code, string problem)
{
    // Segments arrive innermost first; a string is a property name, an int an array index.
    private readonly List<object> _reversedPath = [];

    public Violation At(string property)
    {
        _reversedPath.Add(property);
        return this;
    }

    public Violation At(int index)
    {
        _reversedPath.Add(index);
        return this;
    }

    public ValidationResult ToResult()
    {
        var description = new StringBuilder();
        for (var i = _reversedPath.Count - 1; i >= 0; i--)
        {
            if (_reversedPath[i] is int index)
            {
                description.Append('[').Append(index).Append(']');
            }
            else
            {
                if (description.Length > 0)
                {
                    description.Append('.');
                }

                description.Append((string)_reversedPath[i]);
            }
        }

        description.Append(": ").Append(problem);
        return ValidationResult.Invalid(code, description.ToString());
    }
}
