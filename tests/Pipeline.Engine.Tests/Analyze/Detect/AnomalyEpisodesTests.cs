using Pipeline.Engine.Analyze.Detect;

namespace Pipeline.Engine.Tests.Analyze.Detect;

public sealed class AnomalyEpisodesTests
{
    [Fact]
    public void Rows_above_the_threshold_close_together_form_one_episode_with_its_peak()
    {
        var scores = new double[60];
        scores[5] = 0.6; scores[8] = 0.9; scores[12] = 0.7; // gaps under MaxGap: one episode
        scores[40] = 0.55;                                   // far away: a second one
        scores[50] = 0.49;                                   // below the threshold: none

        var episodes = AnomalyEpisodes.Find(scores, 0.5);

        Assert.Equal([new AnomalyEpisode(5, 12, 8, 0.9), new AnomalyEpisode(40, 40, 40, 0.55)], episodes);
    }

    [Fact]
    public void No_row_above_the_threshold_means_no_episode() =>
        Assert.Empty(AnomalyEpisodes.Find(new double[100], 0.5));
}
