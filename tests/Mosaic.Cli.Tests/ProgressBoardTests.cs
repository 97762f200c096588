using System.Text.RegularExpressions;

namespace Mosaic.Cli.Tests;

/// <summary>Progress written for logs (stderr not a terminal): each task's start, the quarters it passes and its end, once.</summary>
public sealed class ProgressBoardTests
{
    [Fact]
    public void Plain_CountedTask_WritesItsStartEachQuarterAndItsEndOnce()
    {
        var stderr = new StringWriter();

        ProgressBoard.Run(stderr, board =>
        {
            var task = board.Add("answering", 8);
            for (var done = 1; done <= 8; done++)
            {
                task.Update(done, 8, "answering");
            }

            task.Update(8, 8, "answering");
            task.Complete("answered");
        });

        Assert.Equal(
            ["answering: 0/8 (0%)", "answering: 2/8 (25%)", "answering: 4/8 (50%)", "answering: 6/8 (75%)", "answering: 8/8 (100%), S"],
            Lines(stderr));
    }

    /// <summary>Spectre's own fallback wrote nothing more for a task that started and finished between two of its refreshes.</summary>
    [Fact]
    public void Plain_TaskFinishedAtOnce_WritesItsEnd()
    {
        var stderr = new StringWriter();

        ProgressBoard.Run(stderr, board =>
        {
            var task = board.Add("profiling 2 models", 2);
            task.Advance("quick-small measured");
            task.Advance("quick-large measured");
        });

        Assert.Equal(["profiling 2 models: 0/2 (0%)", "quick-small measured: 1/2 (50%)", "quick-large measured: 2/2 (100%), S"], Lines(stderr));
    }

    [Fact]
    public void Plain_TaskLeftUnfinished_WritesItsLastStateWhenTheBoardCloses()
    {
        var stderr = new StringWriter();

        ProgressBoard.Run(stderr, board =>
        {
            var task = board.Add("job", 300);
            task.Update(10, 300, "job: 10 answered");
            task.Describe("job: 20 answered");
        });

        Assert.Equal(["job: 0/300 (0%)", "job: 20 answered: 10/300 (3%), S"], Lines(stderr));
    }

    [Fact]
    public void Plain_TasksOfOneBoard_EachEndOnce()
    {
        var stderr = new StringWriter();

        ProgressBoard.Run(stderr, board =>
        {
            var paper = board.Add("paper", 1);
            var scaling = board.Add("scaling", 1);
            scaling.Advance("scaling done");
            paper.Advance("paper done");
        });

        Assert.Equal(["paper: 0/1 (0%)", "scaling: 0/1 (0%)", "scaling done: 1/1 (100%), S", "paper done: 1/1 (100%), S"], Lines(stderr));
    }

    [Fact]
    public async Task Plain_Failure_WritesNoClosingLines()
    {
        var stderr = new StringWriter();

        await Assert.ThrowsAsync<InvalidOperationException>(() => ProgressBoard.RunAsync(stderr, board =>
        {
            board.Add("job", 10).Update(5, 10, "job");
            throw new InvalidOperationException("failed");
        }));

        Assert.Equal(["job: 0/10 (0%)", "job: 5/10 (50%)"], Lines(stderr));
    }

    /// <summary>The lines, with the seconds of an end line replaced by S.</summary>
    private static string[] Lines(StringWriter stderr) =>
        stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => Regex.Replace(l.TrimEnd('\r'), @"\d+\.\d s$", "S"))
            .ToArray();
}
