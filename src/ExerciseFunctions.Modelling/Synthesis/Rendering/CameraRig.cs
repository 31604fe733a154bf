using System.Numerics;
using ExerciseFunctions.Modelling.Synthesis.Motion;
using OpenCvSharp;

namespace ExerciseFunctions.Modelling.Synthesis.Rendering;

/// <summary>Places a static camera for a clip: direction from the angle class, random elevation, distance, zoom and framing.</summary>
internal static class CameraRig
{
    /// <summary>Each angle class spans yaws (degrees from the figure's front) with this much jitter either way.</summary>
    const float YawJitter = 12;

    public static float SampleYaw(Random random, CameraAngle angle)
    {
        var mirror = random.Chance(0.5) ? -1 : 1;
        var yaw = angle switch
        {
            CameraAngle.Front => 0,
            CameraAngle.Back => 180,
            CameraAngle.Side => 90,
            _ => random.Chance(0.5) ? 45 : 135,
        };
        return mirror * (yaw + random.Range(-YawJitter, YawJitter));
    }

    /// <summary>
    /// A camera that sees every pose of the clip: the figure's extent fills 55–92 % of the frame's centre square,
    /// off-centre by a random share of the slack; <paramref name="margin"/> (metres) pads the joints for limb thickness.
    /// </summary>
    public static PinholeCamera Place(Random random, CameraAngle angle, IReadOnlyList<Pose> poses, Size frame, float margin)
    {
        var joints = poses.SelectMany(p => p.Joints).ToArray();
        var low = joints.Aggregate(Vector3.Min);
        var high = joints.Aggregate(Vector3.Max);
        var target = (low + high) / 2;
        var yaw = float.DegreesToRadians(SampleYaw(random, angle));
        var elevation = float.DegreesToRadians(random.Range(-4f, 22f));
        var distance = random.Range(2.8f, 6f);
        var position = target + distance * new Vector3(MathF.Cos(elevation) * MathF.Cos(yaw), MathF.Sin(elevation), MathF.Cos(elevation) * MathF.Sin(yaw));
        var unit = new PinholeCamera(position, target, 1, new Point2f(0, 0));

        var projected = joints.SelectMany(j => Padded(j, margin)).Select(unit.Project).ToArray();
        var (minX, maxX) = (projected.Min(p => p.X), projected.Max(p => p.X));
        var (minY, maxY) = (projected.Min(p => p.Y), projected.Max(p => p.Y));
        // Downstream crops the centre square of the short side: keep the figure inside it.
        var side = MathF.Min(frame.Width, frame.Height);
        var fill = random.Range(0.55f, 0.92f);
        var focal = fill * side / MathF.Max(maxX - minX, maxY - minY);
        var slackX = side - focal * (maxX - minX);
        var slackY = side - focal * (maxY - minY);
        var center = new Point2f(
            frame.Width / 2f - focal * (minX + maxX) / 2 + random.Range(-0.4f, 0.4f) * slackX,
            frame.Height / 2f - focal * (minY + maxY) / 2 + random.Range(-0.4f, 0.4f) * slackY);
        return unit.WithLens(focal, center);
    }

    static IEnumerable<Vector3> Padded(Vector3 joint, float margin)
    {
        yield return joint + new Vector3(0, margin, 0);
        yield return joint - new Vector3(0, margin, 0);
        yield return joint + new Vector3(margin, 0, 0);
        yield return joint - new Vector3(margin, 0, 0);
        yield return joint + new Vector3(0, 0, margin);
        yield return joint - new Vector3(0, 0, margin);
    }
}
