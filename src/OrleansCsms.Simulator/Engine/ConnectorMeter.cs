using System.Globalization;
using OrleansCsms.Ocpp.V16;

namespace OrleansCsms.Simulator;

/// <summary>
/// The energy meter of one connector and the car plugged into it: a cumulative import register that only
/// grows, and per session a charging power, three-phase current and voltage, and the car's state of charge.
/// A session, a flood and a triggered message may read it at once, hence the lock.
/// </summary>
public sealed class ConnectorMeter
{
    private const double BatteryWh = 60_000;
    private const int Phases = 3;
    private readonly Random _random;
    private readonly Lock _lock = new();
    private double _registerWh;
    private double _powerW;
    private double _socPercent;

    public ConnectorMeter(Random random, double initialRegisterWh)
    {
        _random = random;
        _registerWh = initialRegisterWh;
    }

    /// <summary>The simulated time readings are taken at.</summary>
    public ConnectorClock Clock { get; } = new();

    /// <summary>The register in whole watt-hours, as meterStart and meterStop carry it.</summary>
    public int RegisterWh
    {
        get
        {
            lock (_lock)
            {
                return (int)Math.Floor(_registerWh);
            }
        }
    }

    /// <summary>Sampled values per <see cref="Sample"/>: energy, power, three currents, voltage, state of charge.</summary>
    public static int SampledValuesPerSample => 4 + Phases;

    /// <summary>A car plugs in: a charging power between 3.7 and 22 kW and a battery 10-60% full.</summary>
    public void BeginSession()
    {
        lock (_lock)
        {
            _powerW = 3_700 + (_random.NextDouble() * 18_300);
            _socPercent = 10 + (_random.NextDouble() * 50);
        }
    }

    /// <summary>Charges for <paramref name="seconds"/> of simulated time; a full battery draws nothing more.</summary>
    public void Advance(double seconds)
    {
        lock (_lock)
        {
            if (_socPercent >= 100)
            {
                return;
            }

            var energyWh = _powerW * seconds / 3600;
            _registerWh += energyWh;
            _socPercent = Math.Min(100, _socPercent + (energyWh / BatteryWh * 100));
        }
    }

    /// <summary>Moves the register by exactly <paramref name="energyWh"/>, as a scripted scenario asks.</summary>
    public void AddEnergy(double energyWh)
    {
        lock (_lock)
        {
            _registerWh += energyWh;
        }
    }

    /// <summary>Sets the register outright, as a scripted scenario's meterStart or meterStop asks.</summary>
    public void SetRegister(int registerWh)
    {
        lock (_lock)
        {
            _registerWh = registerWh;
        }
    }

    /// <summary>A full periodic sample: register, power, current per phase, voltage and state of charge.</summary>
    public MeterValue Sample(DateTimeOffset timestamp, ReadingContext context = ReadingContext.SamplePeriodic)
    {
        double charging, voltage, soc;
        int register;
        lock (_lock)
        {
            charging = _socPercent < 100 ? _powerW : 0;
            voltage = 228 + (_random.NextDouble() * 6);
            soc = _socPercent;
            register = (int)Math.Floor(_registerWh);
        }

        var current = charging / Phases / voltage;
        var values = new List<SampledValue>(SampledValuesPerSample)
        {
            Value(register, Measurand.EnergyActiveImportRegister, UnitOfMeasure.Wh, context),
            Value(Math.Round(charging), Measurand.PowerActiveImport, UnitOfMeasure.W, context),
        };
        foreach (var phase in new[] { Phase.L1, Phase.L2, Phase.L3 })
        {
            values.Add(Value(Math.Round(current, 1), Measurand.CurrentImport, UnitOfMeasure.A, context, phase));
        }

        values.Add(Value(Math.Round(voltage, 1), Measurand.Voltage, UnitOfMeasure.V, context, Phase.L1N));
        values.Add(Value(Math.Round(soc), Measurand.SoC, UnitOfMeasure.Percent, context, location: Location.EV));
        return new MeterValue { Timestamp = timestamp, SampledValue = values };
    }

    /// <summary>The register alone, as StopTransaction's transactionData carries it at the start and end of a session.</summary>
    public MeterValue RegisterSample(DateTimeOffset timestamp, ReadingContext context) =>
        RegisterSample(timestamp, context, RegisterWh);

    public static MeterValue RegisterSample(DateTimeOffset timestamp, ReadingContext context, int registerWh) => new()
    {
        Timestamp = timestamp,
        SampledValue = [Value(registerWh, Measurand.EnergyActiveImportRegister, UnitOfMeasure.Wh, context)],
    };

    private static SampledValue Value(double value, Measurand measurand, UnitOfMeasure unit, ReadingContext context, Phase? phase = null, Location? location = null) => new()
    {
        Value = value.ToString(CultureInfo.InvariantCulture),
        Context = context,
        Measurand = measurand,
        Unit = unit,
        Phase = phase,
        Location = location ?? Location.Outlet,
    };
}
