namespace Mosaic.Cli;

/// <summary>One task of a <see cref="ProgressBoard"/>: how far it is and what it is doing.</summary>
internal interface IProgressLine
{
    /// <summary>Says what the task is doing now, without moving it.</summary>
    void Describe(string description);

    /// <summary>The task has done <paramref name="done"/> of <paramref name="total"/>.</summary>
    void Update(double done, double total, string description);

    /// <summary>The task has done one more.</summary>
    void Advance(string description);

    /// <summary>The task is finished, whatever its count said.</summary>
    void Complete(string description);
}
