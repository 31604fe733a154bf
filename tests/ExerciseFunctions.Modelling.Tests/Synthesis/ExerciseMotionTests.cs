using System.Numerics;
using ExerciseFunctions.Modelling.Synthesis;
using ExerciseFunctions.Modelling.Synthesis.Motion;

namespace ExerciseFunctions.Modelling.Tests.Synthesis;

/// <summary>The motion of each class, checked on the generator's own pose data over many sampled performers.</summary>
public sealed class ExerciseMotionTests
{
    const int Performers = 25;
    const int SamplesPerSecond = 100;

    [Fact]
    public void Correct_squat_takes_the_hips_to_knee_height_or_below()
    {
        foreach (var (motion, poses) in Performances("bw-squat_correct"))
        {
            Assert.True(poses.Min(HipAboveKnee) <= 0, $"lowest hip-above-knee {poses.Min(HipAboveKnee):F3} m");
            Assert.True(HipAboveKnee(poses[0]) > 0.8f * motion.Body.Thigh, "the clip starts standing");
        }
    }

    [Fact]
    public void Shallow_squat_stops_clearly_above_parallel()
    {
        foreach (var (motion, poses) in Performances("bw-squat_not-low"))
        {
            var lowest = poses.Min(HipAboveKnee);
            Assert.InRange(lowest, 0.4f * motion.Body.Thigh, 0.85f * motion.Body.Thigh);
        }
    }

    [Fact]
    public void Correct_pull_up_brings_the_chin_over_the_bar()
    {
        foreach (var (motion, poses) in Performances("pull-up_correct"))
        {
            Assert.True(poses.Max(ChinAboveBar) > 0.015f * motion.Body.Height, $"highest chin {poses.Max(ChinAboveBar):F3} m");
            Assert.True(ChinAboveBar(poses[0]) < -0.2f * motion.Body.Height, "the clip starts hanging");
        }
    }

    [Fact]
    public void Short_pull_up_keeps_the_chin_below_the_bar()
    {
        foreach (var (motion, poses) in Performances("pull-up_chin-below-bar"))
        {
            Assert.True(poses.Max(ChinAboveBar) < -0.04f * motion.Body.Height, $"highest chin {poses.Max(ChinAboveBar):F3} m");
            Assert.True(poses.Max(ChinAboveBar) - ChinAboveBar(poses[0]) > 0.1f * motion.Body.Height, "but the body does rise");
        }
    }

    [Fact]
    public void Correct_push_up_keeps_a_rigid_plank()
    {
        foreach (var (motion, poses) in Performances("push-up_correct"))
        {
            Assert.True(poses.Max(HipBend) < 3, $"largest hip bend {poses.Max(HipBend):F1}°");
            Assert.True(ShoulderTravel(poses) > 0.12f * motion.Body.Height, "the shoulders go down and up");
        }
    }

    [Fact]
    public void Upper_body_first_push_up_bends_at_the_hips_on_the_way_up()
    {
        foreach (var (motion, poses) in Performances("push-up_upper-body-first"))
        {
            Assert.True(poses.Max(HipBend) > 15, $"largest hip bend {poses.Max(HipBend):F1}°");
            var shoulders = Rise(poses, Joint.Neck);
            var hips = Rise(poses, Joint.Pelvis);
            var lead = shoulders.Zip(hips, (s, h) => s - h).Max();
            Assert.True(lead > 0.3f, $"the shoulders lead the hips by at most {lead:P0} of their travel");
        }
    }

    [Theory]
    [InlineData("bw-squat_correct")]
    [InlineData("push-up_upper-body-first")]
    [InlineData("pull-up_correct")]
    public void Arms_keep_their_length_and_planted_limbs_stay_put(string className)
    {
        foreach (var (motion, poses) in Performances(className))
        {
            foreach (var pose in poses)
            {
                Assert.Equal(motion.Body.UpperArm, Vector3.Distance(pose[Joint.LeftShoulder], pose[Joint.LeftElbow]), 3);
                Assert.Equal(motion.Body.Forearm, Vector3.Distance(pose[Joint.RightElbow], pose[Joint.RightWrist]), 3);
            }
            var planted = className.StartsWith("bw-squat") ? Joint.LeftAnkle : Joint.LeftWrist;
            var first = poses[0][planted];
            Assert.All(poses, pose => Assert.True(Vector3.Distance(first, pose[planted]) < 1e-3f, $"{planted} moved"));
        }
    }

    [Fact]
    public void Unknown_class_is_refused_with_the_valid_names()
    {
        var motion = MotionParameters.Sample(new Random(1), 2, 3);
        var error = Assert.Throws<ArgumentException>(() => ExerciseMotion.PoseAt("jumping-jack", motion, 0));
        Assert.Contains("bw-squat_correct", error.Message);
    }

    [Fact]
    public void Sampled_clips_do_1_to_4_repetitions_within_the_length_bounds()
    {
        var random = new Random(7);
        var motions = Enumerable.Range(0, 200).Select(_ => MotionParameters.Sample(random, 2, 6)).ToList();
        Assert.All(motions, m => Assert.InRange(m.DurationSeconds, 2 - 1e-9, 6 + 1e-9));
        Assert.Equal([1, 2, 3, 4], motions.Select(m => m.Repetitions).Distinct().Order());
    }

    static IEnumerable<(MotionParameters Motion, Pose[] Poses)> Performances(string className)
    {
        var random = new Random(className.Length);
        for (var i = 0; i < Performers; i++)
        {
            var motion = MotionParameters.Sample(random, 2, 6);
            var count = (int)(motion.DurationSeconds * SamplesPerSecond);
            yield return (motion, Enumerable.Range(0, count).Select(k => ExerciseMotion.PoseAt(className, motion, k / (double)SamplesPerSecond)).ToArray());
        }
    }

    static float HipAboveKnee(Pose pose) => pose[Joint.Pelvis].Y - (pose[Joint.LeftKnee].Y + pose[Joint.RightKnee].Y) / 2;

    static float ChinAboveBar(Pose pose) => pose[Joint.Chin].Y - pose.Bar!.Height;

    /// <summary>Degrees away from a straight line through the midline: between the ankles, pelvis, neck.</summary>
    static float HipBend(Pose pose)
    {
        var ankles = (pose[Joint.LeftAnkle] + pose[Joint.RightAnkle]) / 2;
        var legs = Vector3.Normalize(ankles - pose[Joint.Pelvis]);
        var trunk = Vector3.Normalize(pose[Joint.Neck] - pose[Joint.Pelvis]);
        return 180 - float.RadiansToDegrees(MathF.Acos(Math.Clamp(Vector3.Dot(legs, trunk), -1, 1)));
    }

    static float ShoulderTravel(Pose[] poses) => poses.Max(p => p[Joint.Neck].Y) - poses.Min(p => p[Joint.Neck].Y);

    /// <summary>Each pose's height of <paramref name="joint"/> as a share of its travel: 0 at its lowest, 1 at its highest.</summary>
    static float[] Rise(Pose[] poses, Joint joint)
    {
        var low = poses.Min(p => p[joint].Y);
        var high = poses.Max(p => p[joint].Y);
        return poses.Select(p => (p[joint].Y - low) / (high - low)).ToArray();
    }
}
