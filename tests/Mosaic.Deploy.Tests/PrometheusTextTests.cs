namespace Mosaic.Deploy.Tests;

/// <summary>The reader the metrics tests rely on accepts the format and rejects what a scraper would reject.</summary>
public sealed class PrometheusTextTests
{
    private const string Valid = """
        # HELP mosaic_calls_total Model calls.
        # TYPE mosaic_calls_total counter
        mosaic_calls_total{worker="gpu0",expert="x",status="completed"} 3 1700000000000
        mosaic_calls_total{worker="gpu0",expert="say \"hi\"\\n",status="failed"} 1
        # TYPE mosaic_load_seconds histogram
        mosaic_load_seconds_bucket{le="0.5"} 1
        mosaic_load_seconds_bucket{le="+Inf"} 2
        mosaic_load_seconds_sum 1.25
        mosaic_load_seconds_count 2
        # TYPE up gauge
        up NaN
        """;

    [Fact]
    public void Parse_ValidExposition_ReadsSamplesLabelsAndValues()
    {
        var text = PrometheusText.Parse(Valid);

        Assert.Equal(4, text.Sum("mosaic_calls_total", ("worker", "gpu0")));
        Assert.Equal("say \"hi\"\\n", text.Samples[1].Labels["expert"]);
        Assert.Equal("histogram", text.Types["mosaic_load_seconds"]);
        Assert.True(double.IsNaN(text.Samples[^1].Value));
    }

    [Theory]
    [InlineData("mosaic_calls_total 1\n", "has no TYPE")]
    [InlineData("# TYPE a counter\na{worker=\"gpu0} 1\n", "truncated")]
    [InlineData("# TYPE a counter\na{worker=gpu0} 1\n", "malformed label")]
    [InlineData("# TYPE a counter\na one\n", "bad value")]
    [InlineData("# TYPE a counter\n# TYPE a gauge\n", "declared twice")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 3\nh_bucket{le=\"+Inf\"} 2\nh_count 2\n", "not cumulative")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 3\n", "differs")]
    public void Parse_Malformed_FailsNamingTheProblem(string text, string problem)
    {
        Assert.Contains(problem, Assert.Throws<FormatException>(() => PrometheusText.Parse(text)).Message);
    }
}
