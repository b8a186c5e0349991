using System.Text;
using System.Text.Json;
using OrleansCsms.Grains;

namespace OrleansCsms.Storage;

/// <summary>
/// Sampled values are stored one row per reading: the values a charge point sent for one connector, transaction,
/// timestamp and message kind, in the order it sent them. A MeterValue of seven samples is one row and one set of
/// index entries rather than seven. A reading's key is its place and time plus which quantities it holds
/// (measurand, phase, location and context of each sample), so a replayed reading adds nothing while another
/// reading at the same time, of other quantities, is kept.
/// </summary>
internal sealed class MeterReading
{
    private MeterReading(MeterValueRecord first, int firstRow)
    {
        First = first;
        FirstRow = firstRow;
    }

    public MeterValueRecord First { get; }

    /// <summary>Index of the reading's first sampled value in the rows it was built from.</summary>
    public int FirstRow { get; }

    public List<MeterValueRecord> Samples { get; } = [];

    /// <summary>Which quantities the reading holds, in order: "measurand|phase|location|context" of each sample, joined by ';'.</summary>
    public string SampleKey { get; private set; } = "";

    /// <summary>The samples as a JSON array of objects (value, context, format, measurand, phase, location, unit, signedMeterValue; nulls left out).</summary>
    public string SamplesJson { get; private set; } = "";

    /// <summary>Groups sampled values into readings: consecutive values of one connector, transaction, timestamp and source.</summary>
    public static List<MeterReading> Group(IReadOnlyList<MeterValueRecord> rows)
    {
        var readings = new List<MeterReading>();
        MeterReading? current = null;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (current is null || !SameReading(current.First, row))
            {
                current?.Seal();
                current = new MeterReading(row, i);
                readings.Add(current);
            }

            current.Samples.Add(row);
        }

        current?.Seal();
        return readings;
    }

    /// <summary>Turns a stored reading back into its sampled values.</summary>
    public static IEnumerable<MeterValueRecord> Expand(string chargePointId, int connectorId, int? transactionId, DateTimeOffset timestamp, string source, string samplesJson)
    {
        using var document = JsonDocument.Parse(samplesJson);
        var records = new List<MeterValueRecord>(document.RootElement.GetArrayLength());
        foreach (var sample in document.RootElement.EnumerateArray())
        {
            records.Add(new MeterValueRecord(
                chargePointId, connectorId, transactionId, timestamp,
                Text(sample, "value") ?? "", Text(sample, "context"), Text(sample, "format"), Text(sample, "measurand"),
                Text(sample, "phase"), Text(sample, "location"), Text(sample, "unit"), source, Signed(sample)));
        }

        return records;
    }

    private static bool SameReading(MeterValueRecord a, MeterValueRecord b) =>
        a.ChargePointId == b.ChargePointId && a.ConnectorId == b.ConnectorId && a.TransactionId == b.TransactionId
        && a.Timestamp == b.Timestamp && a.Source == b.Source;

    private static SignedMeterValue? Signed(JsonElement sample) =>
        sample.TryGetProperty("signedMeterValue", out var signed) && signed.ValueKind == JsonValueKind.Object
            ? new SignedMeterValue(Text(signed, "signedMeterData") ?? "", Text(signed, "signingMethod") ?? "", Text(signed, "encodingMethod") ?? "", Text(signed, "publicKey") ?? "")
            : null;

    private static string? Text(JsonElement sample, string name) =>
        sample.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private void Seal()
    {
        var key = new StringBuilder();
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var sample in Samples)
            {
                if (key.Length > 0)
                {
                    key.Append(';');
                }

                key.Append(sample.Measurand).Append('|').Append(sample.Phase).Append('|').Append(sample.Location).Append('|').Append(sample.Context);
                json.WriteStartObject();
                json.WriteString("value", sample.Value);
                Write(json, "context", sample.Context);
                Write(json, "format", sample.Format);
                Write(json, "measurand", sample.Measurand);
                Write(json, "phase", sample.Phase);
                Write(json, "location", sample.Location);
                Write(json, "unit", sample.Unit);
                if (sample.Signed is { } signed)
                {
                    json.WriteStartObject("signedMeterValue");
                    json.WriteString("signedMeterData", signed.SignedMeterData);
                    json.WriteString("signingMethod", signed.SigningMethod);
                    json.WriteString("encodingMethod", signed.EncodingMethod);
                    json.WriteString("publicKey", signed.PublicKey);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        SampleKey = key.ToString();
        SamplesJson = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void Write(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
