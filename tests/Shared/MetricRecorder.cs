using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Mosaic.Testing;

/// <summary>
/// Records every measurement of the instruments whose meter <paramref name="accept"/> picks (tests tell one silo's
/// meter from another's of the same name by object identity), with its tags. Observable instruments are read by
/// <see cref="Observe"/>.
/// </summary>
internal sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Recorded> _measurements = new();

    public MetricRecorder(Func<Meter, bool> accept)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (accept(instrument.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Add(i, value, tags));
        _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Add(i, value, tags));
        _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Add(i, value, tags));
        _listener.Start();
    }

    public IReadOnlyList<Recorded> Of(string instrument) => [.. _measurements.Where(m => m.Instrument == instrument)];

    /// <summary>The sum of the instrument's measurements whose tags include every pair of <paramref name="tags"/>.</summary>
    public double Sum(string instrument, params (string Key, string Value)[] tags) =>
        Of(instrument).Where(m => tags.All(t => m.Tag(t.Key) == t.Value)).Sum(m => m.Value);

    /// <summary>Reads the observable instruments now; returns what they reported.</summary>
    public IReadOnlyList<Recorded> Observe(string instrument)
    {
        var before = _measurements.Count;
        _listener.RecordObservableInstruments();
        return [.. _measurements.Skip(before).Where(m => m.Instrument == instrument)];
    }

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _measurements.Enqueue(new Recorded(instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString())));

    internal sealed record Recorded(string Instrument, double Value, IReadOnlyDictionary<string, string?> Tags)
    {
        public string? Tag(string key) => Tags.TryGetValue(key, out var value) ? value : null;
    }
}
