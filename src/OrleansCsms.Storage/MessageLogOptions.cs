using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace OrleansCsms.Storage;

/// <summary>
/// What the OCPP message log keeps and for how long, bound from the "MessageLog" configuration section. How it
/// writes (batch size, queue capacity) stays under "Storage" beside the other stores' write settings.
/// </summary>
public sealed partial class MessageLogOptions : IValidatableObject
{
    public const string SectionName = "MessageLog";

    /// <summary>Whether frames are logged at all. Retention still removes old entries while the log is off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>When not empty, only frames of these actions (CALLs and their answers) are logged.</summary>
    public IList<string> Actions { get; } = [];

    /// <summary>Frames of these actions (CALLs and their answers) are not logged, e.g. Heartbeat.</summary>
    public IList<string> ExcludeActions { get; } = [];

    /// <summary>Entries older than this many days are deleted; 0 keeps them forever.</summary>
    [Range(0, 36_500)]
    public int RetentionDays { get; set; } = 30;

    /// <summary>Most entries one retention delete removes, so no delete holds its locks for long.</summary>
    [Range(1, 1_000_000)]
    public int RetentionBatchSize { get; set; } = 5_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, actions) in new[] { (nameof(Actions), Actions), (nameof(ExcludeActions), ExcludeActions) })
        {
            foreach (var action in actions.Where(action => !ActionName().IsMatch(action ?? "")))
            {
                yield return new ValidationResult(
                    $"{SectionName}:{name} holds '{action}', which is not an OCPP action name (letters and digits, e.g. Heartbeat).",
                    [name]);
            }
        }

        var both = Actions.Intersect(ExcludeActions, StringComparer.OrdinalIgnoreCase).ToList();
        if (both.Count > 0)
        {
            yield return new ValidationResult(
                $"{SectionName}:Actions and {SectionName}:ExcludeActions both name {string.Join(", ", both)}; an action is either logged or not.",
                [nameof(Actions), nameof(ExcludeActions)]);
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]*$")]
    private static partial Regex ActionName();
}
