using System.Globalization;

namespace OrleansCsms.Benchmarks;

/// <summary>A figure the system aims for, against what was measured: a report, never a pass/fail test.</summary>
public sealed record TargetCheck(string Metric, double Target, double Measured, string Unit, bool HigherIsBetter)
{
    public bool Met => HigherIsBetter ? Measured >= Target : Measured <= Target;

    public string Goal => string.Create(CultureInfo.InvariantCulture, $"{(HigherIsBetter ? ">=" : "<=")} {Format(Target)} {Unit}");

    /// <summary>"met", or by how much it misses: the shortfall for a floor, the excess for a ceiling.</summary>
    public string Verdict
    {
        get
        {
            if (Met)
            {
                return "met";
            }

            if (HigherIsBetter)
            {
                var shortfall = Target > 0 ? 100 * (Target - Measured) / Target : 100;
                return string.Create(CultureInfo.InvariantCulture, $"misses by {shortfall:0.#}% (needs {(Measured > 0 ? Target / Measured : double.PositiveInfinity):0.0}x)");
            }

            if (Target == 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"misses: {Format(Measured)} instead of none");
            }

            var excess = Target > 0 ? 100 * (Measured - Target) / Target : double.PositiveInfinity;
            return string.Create(CultureInfo.InvariantCulture, $"misses by {excess:0.#}% ({(Target > 0 ? Measured / Target : double.PositiveInfinity):0.0}x the target)");
        }
    }

    public static string Format(double value) => value switch
    {
        _ when double.IsFinite(value) && value == Math.Floor(value) => value.ToString("N0", CultureInfo.InvariantCulture),
        >= 100 => value.ToString("N0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };
}
