using Mosaic.Scheduling.Planning.Search;

namespace Mosaic.Scheduling.Tests;

public sealed class SlotMatchingTests
{
    private static bool Anywhere(int m, int n) => true;

    [Fact]
    public void Assign_LargestExpertFirst_GoesToTheLeastBusyWorker()
    {
        // Sizes 2, 5, 3: 5 → w0, 3 → w1, then 2 → w1 (busy 3 < 5).
        var owner = SlotMatching.Assign(3, 2, Anywhere, 2, [2, 5, 3]);

        Assert.Equal([1, 0, 1], owner!);
    }

    [Fact]
    public void Assign_FullWorker_MovesAPlacedExpertAlongAnAugmentingPath()
    {
        // K = 1: expert 0 (largest) goes to w0 first; expert 1 fits only on w0, so expert 0 moves to w1.
        var owner = SlotMatching.Assign(2, 2, (m, n) => m == 0 || n == 0, 1, [5, 3]);

        Assert.Equal([1, 0], owner!);
    }

    [Fact]
    public void Assign_LongerAugmentingPath_MovesTwoExperts()
    {
        // K = 1 on three workers. Placed first: e0 (size 9) on w0, e1 (size 8) on w1; e2 fits only w0, e0 also fits
        // w1, e1 also fits w2: e2 takes w0, e0 moves to w1, e1 moves to w2.
        bool Fits(int m, int n) => m switch
        {
            0 => n <= 1,
            1 => n >= 1,
            _ => n == 0,
        };

        var owner = SlotMatching.Assign(3, 3, Fits, 1, [9, 8, 1]);

        Assert.Equal([1, 2, 0], owner!);
    }

    [Fact]
    public void Assign_EqualSizes_GoInExpertOrder()
    {
        // Experts 1 and 3 are both of size 4: expert 1 is placed first (w1), then expert 3 on the least busy w2.
        bool[][] fits = [[true, true, false], [false, true, true], [true, false, true], [false, true, true]];

        var owner = SlotMatching.Assign(4, 3, (m, n) => fits[m][n], 2, [3, 4, 2, 4]);

        Assert.Equal([0, 1, 0, 2], owner!);
    }

    [Fact]
    public void Assign_FailedMoveOfOneExpert_KeepsItOnItsWorker()
    {
        // K = 2. w0 holds e1 and e2; e3 fits only w0: moving e1 fails (w0 is its only worker), moving e2 to w1
        // works. e4 then finds both workers full (five experts, four slots): no placement, even though a
        // forgotten e1 would leave w0 looking half empty.
        bool[][] fits = [[false, true], [true, false], [true, true], [true, false], [true, true]];

        Assert.Null(SlotMatching.Assign(5, 2, (m, n) => fits[m][n], 2, [10, 8, 7, 6, 5]));
        Assert.Equal([1, 0, 1, 0], SlotMatching.Assign(4, 2, (m, n) => fits[m][n], 2, [10, 8, 7, 6])!);
    }

    [Fact]
    public void Assign_NoPlacementUnderK_IsNull()
    {
        Assert.Null(SlotMatching.Assign(2, 2, (m, n) => n == 0, 1, [1, 1]));
        Assert.NotNull(SlotMatching.Assign(2, 2, (m, n) => n == 0, 2, [1, 1]));
        // Three experts fit only w0 (K = 2); the fourth fits anywhere. Trying to move an expert off w0 must not
        // leave it counted there and squeeze a third one in.
        Assert.Null(SlotMatching.Assign(4, 2, (m, n) => m == 0 || n == 0, 2, [3, 3, 3, 1]));
    }

    [Fact]
    public void SmallestFeasibleK_ExpertThatFitsNowhere_IsNull() =>
        Assert.Null(SlotMatching.SmallestFeasibleK(2, 2, (m, n) => m == 0, 1));

    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 2)]
    [InlineData(2, 2)]
    [InlineData(4, 4)]
    public void SmallestFeasibleK_FourExpertsOnTwoWorkers_IsTheMinimumOrTwo(int minimum, int expected) =>
        Assert.Equal(expected, SlotMatching.SmallestFeasibleK(4, 2, Anywhere, minimum));

    [Fact]
    public void SmallestFeasibleK_ExpertsThatFitOneWorkerOnly_RaiseKToTheirCount()
    {
        // Experts 0–2 fit only w0, expert 3 anywhere: w0 must host three.
        Assert.Equal(3, SlotMatching.SmallestFeasibleK(4, 3, (m, n) => m == 3 || n == 0, 1));
    }

    [Fact]
    public void SmallestFeasibleK_AllExpertsOnOneWorker_IsTheExpertCount() =>
        Assert.Equal(5, SlotMatching.SmallestFeasibleK(5, 3, (m, n) => n == 2, 1));
}
