using System.Diagnostics;
using static System.FormattableString;

namespace Mosaic.Cli;

/// <summary>
/// A task written as plain lines, for logs: its first report, each quarter it passes, at most every
/// <see cref="Heartbeat"/> while it runs without passing one, and its end, once, with the time it took.
/// </summary>
internal sealed class PlainProgressLine(TextWriter writer, object writerLock, string description, double total) : IProgressLine
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(5);

    private readonly Stopwatch _running = Stopwatch.StartNew();
    private string _description = description;
    private double _done;
    private double _total = Math.Max(1, total);
    private int _quarterShown = -1;
    private TimeSpan _shownAt;
    private bool _ended;

    public void Describe(string description)
    {
        lock (writerLock)
        {
            _description = description;
            Show(force: false);
        }
    }

    public void Update(double done, double total, string description)
    {
        lock (writerLock)
        {
            _total = Math.Max(1, total);
            _done = Math.Clamp(done, 0, _total);
            _description = description;
            Show(force: false);
        }
    }

    public void Advance(string description)
    {
        lock (writerLock)
        {
            _done = Math.Min(_done + 1, _total);
            _description = description;
            Show(force: false);
        }
    }

    public void Complete(string description)
    {
        lock (writerLock)
        {
            _done = _total;
            _description = description;
            Show(force: false);
        }
    }

    /// <summary>Writes the task's last state unless its end was written already (the board is closing).</summary>
    public void Flush()
    {
        lock (writerLock)
        {
            Show(force: true);
        }
    }

    private void Show(bool force)
    {
        if (_ended)
        {
            return;
        }

        var percent = 100 * _done / _total;
        var quarter = (int)(percent / 25);
        var finished = _done >= _total;
        var now = _running.Elapsed;
        if (!(force || finished || quarter > _quarterShown || now - _shownAt >= Heartbeat))
        {
            return;
        }

        _quarterShown = Math.Max(_quarterShown, quarter);
        _shownAt = now;
        _ended = finished || force;
        var ending = _ended ? Invariant($", {now.TotalSeconds:0.0} s") : "";
        writer.WriteLine(Invariant($"{_description}: {_done:0.##}/{_total:0.##} ({percent:0}%){ending}"));
        writer.Flush();
    }
}
