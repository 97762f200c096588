namespace Mosaic.Scheduling.Profiling;

/// <summary>Lawson–Hanson active-set solver for min ‖A·x − b‖ subject to x ≥ 0, for a handful of columns.</summary>
internal static class NonNegativeLeastSquares
{
    public static double[] Solve(double[][] a, double[] b, int maxIterations = 200)
    {
        var columns = a[0].Length;
        var scale = new double[columns];
        for (var j = 0; j < columns; j++)
        {
            scale[j] = Math.Sqrt(a.Sum(row => row[j] * row[j]));
            if (scale[j] == 0)
            {
                scale[j] = 1;
            }
        }

        // Column scaling keeps the normal equations well conditioned when features differ by orders of magnitude.
        var scaled = a.Select(row => row.Select((v, j) => v / scale[j]).ToArray()).ToArray();
        var x = new double[columns];
        var passive = new bool[columns];

        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            var gradient = Gradient(scaled, b, x);
            var best = -1;
            for (var j = 0; j < columns; j++)
            {
                if (!passive[j] && gradient[j] > 1e-12 && (best < 0 || gradient[j] > gradient[best]))
                {
                    best = j;
                }
            }

            if (best < 0)
            {
                break;
            }

            passive[best] = true;
            while (true)
            {
                var z = SolvePassive(scaled, b, passive);
                if (Enumerable.Range(0, columns).All(j => !passive[j] || z[j] > 0))
                {
                    x = z;
                    break;
                }

                var alpha = double.PositiveInfinity;
                for (var j = 0; j < columns; j++)
                {
                    if (passive[j] && z[j] <= 0)
                    {
                        alpha = Math.Min(alpha, x[j] / (x[j] - z[j]));
                    }
                }

                for (var j = 0; j < columns; j++)
                {
                    x[j] += alpha * (z[j] - x[j]);
                    if (passive[j] && x[j] <= 1e-15)
                    {
                        passive[j] = false;
                        x[j] = 0;
                    }
                }
            }
        }

        return x.Select((v, j) => v / scale[j]).ToArray();
    }

    private static double[] Gradient(double[][] a, double[] b, double[] x)
    {
        var g = new double[x.Length];
        for (var i = 0; i < a.Length; i++)
        {
            var residual = b[i] - a[i].Select((v, j) => v * x[j]).Sum();
            for (var j = 0; j < x.Length; j++)
            {
                g[j] += a[i][j] * residual;
            }
        }

        return g;
    }

    private static double[] SolvePassive(double[][] a, double[] b, bool[] passive)
    {
        var index = Enumerable.Range(0, passive.Length).Where(j => passive[j]).ToArray();
        var n = index.Length;
        var m = new double[n, n + 1];
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < n; c++)
            {
                m[r, c] = a.Sum(row => row[index[r]] * row[index[c]]);
            }

            m[r, n] = a.Select((row, i) => row[index[r]] * b[i]).Sum();
            m[r, r] += 1e-12;
        }

        for (var p = 0; p < n; p++)
        {
            var pivot = p;
            for (var r = p + 1; r < n; r++)
            {
                if (Math.Abs(m[r, p]) > Math.Abs(m[pivot, p]))
                {
                    pivot = r;
                }
            }

            for (var c = 0; c <= n; c++)
            {
                (m[p, c], m[pivot, c]) = (m[pivot, c], m[p, c]);
            }

            for (var r = 0; r < n; r++)
            {
                if (r == p || m[p, p] == 0)
                {
                    continue;
                }

                var f = m[r, p] / m[p, p];
                for (var c = p; c <= n; c++)
                {
                    m[r, c] -= f * m[p, c];
                }
            }
        }

        var result = new double[passive.Length];
        for (var r = 0; r < n; r++)
        {
            result[index[r]] = m[r, r] == 0 ? 0 : m[r, n] / m[r, r];
        }

        return result;
    }
}
