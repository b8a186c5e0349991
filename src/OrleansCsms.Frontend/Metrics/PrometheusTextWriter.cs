using System.Globalization;
using System.Text;

namespace OrleansCsms.Frontend.Metrics;

/// <summary>Writes the Prometheus text exposition format, version 0.0.4: comment lines, samples, escaping.</summary>
internal sealed class PrometheusTextWriter(StringBuilder text)
{
    public void WriteHeader(string name, string? help, string type)
    {
        if (!string.IsNullOrEmpty(help))
        {
            text.Append("# HELP ").Append(name).Append(' ');
            AppendEscaped(help, escapeQuotes: false);
            text.Append('\n');
        }

        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    /// <summary>
    /// Writes one sample. <paramref name="labels"/> is already rendered (<c>a="x",b="y"</c>, or empty);
    /// <paramref name="le"/> adds a histogram bucket's upper bound after them.
    /// </summary>
    public void WriteSample(string name, string labels, double value, string? le = null)
    {
        text.Append(name);
        if (labels.Length > 0 || le is not null)
        {
            text.Append('{').Append(labels);
            if (le is not null)
            {
                text.Append(labels.Length > 0 ? ",le=\"" : "le=\"").Append(le).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(FormatValue(value)).Append('\n');
    }

    /// <summary>Renders a label set, sorted by name so the same tags in any order give the same series.</summary>
    public static string RenderLabels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return "";
        }

        var sorted = tags.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var labels = new StringBuilder();
        var writer = new PrometheusTextWriter(labels);
        foreach (var (key, value) in sorted)
        {
            if (labels.Length > 0)
            {
                labels.Append(',');
            }

            labels.Append(SanitizeName(key)).Append("=\"");
            writer.AppendEscaped(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", escapeQuotes: true);
            labels.Append('"');
        }

        return labels.ToString();
    }

    /// <summary>Metric and label names allow only [a-zA-Z0-9_:] and no leading digit; anything else becomes '_'.</summary>
    public static string SanitizeName(string name)
    {
        var valid = name.Length > 0 && !char.IsAsciiDigit(name[0]);
        foreach (var c in name)
        {
            valid &= char.IsAsciiLetterOrDigit(c) || c is '_' or ':';
        }

        if (valid)
        {
            return name;
        }

        var sanitized = string.Create(name.Length, name, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = char.IsAsciiLetterOrDigit(source[i]) || source[i] is '_' or ':' ? source[i] : '_';
            }
        });
        return sanitized.Length > 0 && char.IsAsciiDigit(sanitized[0]) ? "_" + sanitized : sanitized;
    }

    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>Label values escape backslash, double quote and line feed; help text escapes only backslash and line feed.</summary>
    private void AppendEscaped(string value, bool escapeQuotes)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\':
                    text.Append(@"\\");
                    break;
                case '\n':
                    text.Append(@"\n");
                    break;
                case '"' when escapeQuotes:
                    text.Append("\\\"");
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }
    }
}
