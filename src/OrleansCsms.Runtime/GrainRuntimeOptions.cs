using System.ComponentModel.DataAnnotations;

namespace OrleansCsms.Runtime;

/// <summary>Tuning of the grain runtime, bound from the "Grains" configuration section.</summary>
public sealed class GrainRuntimeOptions
{
    /// <summary>An activation with no calls for this long is deactivated.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often idle activations are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan CollectionInterval { get; set; } = TimeSpan.FromMinutes(1);
}
