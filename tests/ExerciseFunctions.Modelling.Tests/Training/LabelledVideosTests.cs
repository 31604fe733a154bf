using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Modelling.Training;

namespace ExerciseFunctions.Modelling.Tests.Training;

public class LabelledVideosTests
{
    [Theory]
    [InlineData("bw-squat_not-low_front_003.mp4", "bw-squat_not-low")]
    [InlineData("bw-squat_correct_side_1.avi", "bw-squat_correct")]
    [InlineData("pull-up_chin-below-bar_back_17.mkv", "pull-up_chin-below-bar")]
    [InlineData("push-up_upper-body-first_left_0.MOV", "push-up_upper-body-first")]
    [InlineData("push-up_correct_x_9.mp4", "push-up_correct")]
    public void Class_is_the_label_the_name_starts_with(string fileName, string expected)
    {
        var index = LabelledVideos.TryParseClass(fileName, ExerciseClasses.Default);

        Assert.Equal(expected, ExerciseClasses.Default[index!.Value]);
    }

    [Fact]
    public void Longest_matching_label_wins()
    {
        string[] labels = ["squat", "squat_deep", "squat_deep_slow"];

        Assert.Equal(1, LabelledVideos.TryParseClass("squat_deep_front_1.mp4", labels));
        Assert.Equal(2, LabelledVideos.TryParseClass("squat_deep_slow_front_1.mp4", labels));
        Assert.Equal(0, LabelledVideos.TryParseClass("squat_front_1.mp4", labels));
    }

    [Theory]
    [InlineData("bw-squat_front_1.mp4")]
    [InlineData("bw-squat_correct.mp4")]
    [InlineData("lunge_correct_front_1.mp4")]
    public void Names_without_a_known_class_followed_by_an_underscore_have_none(string fileName)
    {
        Assert.Null(LabelledVideos.TryParseClass(fileName, ExerciseClasses.Default));
    }

    [Fact]
    public void Scan_lists_videos_sorted_and_refuses_unlabelled_ones()
    {
        var directory = Directory.CreateTempSubdirectory("labels-").FullName;
        try
        {
            foreach (var name in new[] { "push-up_correct_a_2.mp4", "bw-squat_not-low_a_1.avi", "notes.txt" })
            {
                File.WriteAllText(Path.Combine(directory, name), "");
            }

            var videos = LabelledVideos.Scan(directory, ExerciseClasses.Default);

            Assert.Equal(["bw-squat_not-low_a_1.avi", "push-up_correct_a_2.mp4"], videos.Select(v => Path.GetFileName(v.Path)));
            Assert.Equal([1, 4], videos.Select(v => v.ClassIndex));

            File.WriteAllText(Path.Combine(directory, "jumping-jack_a_3.mp4"), "");
            var error = Assert.Throws<InvalidDataException>(() => LabelledVideos.Scan(directory, ExerciseClasses.Default));
            Assert.Contains("jumping-jack_a_3.mp4", error.Message);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Scan_of_a_missing_or_empty_directory_says_so()
    {
        Assert.Throws<DirectoryNotFoundException>(() => LabelledVideos.Scan("/no/such/dir", ExerciseClasses.Default));
        var empty = Directory.CreateTempSubdirectory("labels-").FullName;
        try
        {
            Assert.Contains("no videos", Assert.Throws<InvalidDataException>(() => LabelledVideos.Scan(empty, ExerciseClasses.Default)).Message);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }
}
