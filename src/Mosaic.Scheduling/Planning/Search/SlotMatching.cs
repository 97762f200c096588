namespace Mosaic.Scheduling.Planning.Search;

/// <summary>
/// Places every expert once, on a worker it fits on, with at most K experts per worker: a bipartite matching with
/// worker capacity K (augmenting paths). Experts go largest first to the least busy worker that can take them; when
/// none can, an augmenting path moves experts already placed to make room. It exists exactly when the instance has a
/// plan under K and each-fits memory (every plan places every expert at least once).
/// </summary>
internal static class SlotMatching
{
    /// <summary>The worker of each expert, or null when no placement respects K and memory.</summary>
    public static int[]? Assign(int experts, int workers, Func<int, int, bool> fits, int maxModels, IReadOnlyList<double> size)
    {
        var owner = new int[experts];
        Array.Fill(owner, -1);
        var hosted = new List<int>[workers];
        for (var n = 0; n < workers; n++)
        {
            hosted[n] = [];
        }

        var busy = new double[workers];
        foreach (var m in Enumerable.Range(0, experts).OrderByDescending(m => size[m]).ThenBy(m => m))
        {
            var direct = Enumerable.Range(0, workers).Where(n => fits(m, n) && hosted[n].Count < maxModels)
                .OrderBy(n => busy[n]).ThenBy(n => n).FirstOrDefault(-1);
            if (direct >= 0)
            {
                Place(m, direct);
                continue;
            }

            if (!Augment(m, new bool[workers]))
            {
                return null;
            }
        }

        return owner;

        void Place(int m, int n)
        {
            owner[m] = n;
            hosted[n].Add(m);
            busy[n] += size[m];
        }

        bool Augment(int m, bool[] visited)
        {
            for (var n = 0; n < workers; n++)
            {
                if (!fits(m, n) || visited[n])
                {
                    continue;
                }

                visited[n] = true;
                if (hosted[n].Count < maxModels)
                {
                    Place(m, n);
                    return true;
                }

                foreach (var other in hosted[n].ToArray())
                {
                    hosted[n].Remove(other);
                    busy[n] -= size[other];
                    if (Augment(other, visited))
                    {
                        Place(m, n);
                        return true;
                    }

                    hosted[n].Add(other);
                    busy[n] += size[other];
                }
            }

            return false;
        }
    }

    /// <summary>
    /// The smallest K at or above <paramref name="minimum"/> with a placement, or null when some expert fits on no
    /// worker at all.
    /// </summary>
    public static int? SmallestFeasibleK(int experts, int workers, Func<int, int, bool> fits, int minimum)
    {
        if (Enumerable.Range(0, experts).Any(m => Enumerable.Range(0, workers).All(n => !fits(m, n))))
        {
            return null;
        }

        var sizes = new double[experts];
        for (var k = Math.Max(1, minimum); k <= Math.Max(experts, minimum); k++)
        {
            if (Assign(experts, workers, fits, k, sizes) is not null)
            {
                return k;
            }
        }

        return null;
    }
}
