using System.Collections.Frozen;

namespace OrleansCsms.Storage;

/// <summary>Which frames the message log keeps, decided by action name; asked once per frame, so it only looks up sets.</summary>
internal sealed class MessageLogPolicy
{
    private readonly bool _enabled;
    private readonly FrozenSet<string>? _only;
    private readonly FrozenSet<string> _excluded;

    private MessageLogPolicy(bool enabled, IEnumerable<string> only, IEnumerable<string> excluded)
    {
        _enabled = enabled;
        var onlySet = only.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        _only = onlySet.Count == 0 ? null : onlySet;
        _excluded = excluded.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Keeps every frame.</summary>
    public static MessageLogPolicy Everything { get; } = new(enabled: true, [], []);

    public static MessageLogPolicy From(MessageLogOptions options) => new(options.Enabled, options.Actions, options.ExcludeActions);

    /// <summary>
    /// Whether a frame of <paramref name="action"/> is kept. A frame without an action (malformed, or an answer to
    /// no outstanding call) is kept whenever the log is on: nothing says it belongs to a left-out action.
    /// </summary>
    public bool Logs(string? action) =>
        _enabled && (action is null || ((_only is null || _only.Contains(action)) && !_excluded.Contains(action)));
}
