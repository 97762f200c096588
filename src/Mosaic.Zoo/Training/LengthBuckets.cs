namespace Mosaic.Zoo.Training;

/// <summary>
/// Cuts the example stream into batches of similar length so little compute goes to padding: a pool of
/// <see cref="PoolBatches"/> batches' worth of examples is sorted by length, split, and the batches are served in a
/// seeded order. Everything is a function of the stream and the seed, so training stays deterministic.
/// </summary>
internal sealed class LengthBuckets(IEnumerable<TrainingExample> stream, int batchSize, int seed)
{
    private const int PoolBatches = 4;
    private readonly IEnumerator<TrainingExample> examples = stream.GetEnumerator();
    private readonly Random order = new(seed);
    private readonly Queue<List<TrainingExample>> ready = new();

    public List<TrainingExample> Next()
    {
        if (ready.Count == 0)
        {
            Refill();
        }

        return ready.Dequeue();
    }

    private void Refill()
    {
        var pool = new List<TrainingExample>(PoolBatches * batchSize);
        while (pool.Count < PoolBatches * batchSize && examples.MoveNext())
        {
            pool.Add(examples.Current);
        }

        var sorted = pool.Select((e, i) => (e, i)).OrderBy(p => p.e.Prompt.Length + p.e.Response.Length).ThenBy(p => p.i).Select(p => p.e).ToList();
        var batches = sorted.Chunk(batchSize).Select(c => c.ToList()).ToList();
        for (var i = batches.Count - 1; i > 0; i--)
        {
            var j = order.Next(i + 1);
            (batches[i], batches[j]) = (batches[j], batches[i]);
        }

        foreach (var batch in batches)
        {
            ready.Enqueue(batch);
        }
    }
}
