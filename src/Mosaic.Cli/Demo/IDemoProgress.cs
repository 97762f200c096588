namespace Mosaic.Cli.Demo;

/// <summary>Where the demo reports how far each step is (the command draws it on stderr).</summary>
internal interface IDemoProgress
{
    /// <summary>Step <paramref name="step"/> has done <paramref name="done"/> of <paramref name="total"/>; <paramref name="detail"/> says what.</summary>
    void Report(string step, int done, int total, string detail);
}
