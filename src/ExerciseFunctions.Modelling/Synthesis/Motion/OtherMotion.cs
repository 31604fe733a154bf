using System.Numerics;
using static ExerciseFunctions.Modelling.Synthesis.Motion.Kinematics;

namespace ExerciseFunctions.Modelling.Synthesis.Motion;

/// <summary>Movements that are none of the six classes: what a "not an exercise" answer must cover besides empty scenes.</summary>
public enum OtherMovement { Idle, ArmRaises, MarchInPlace, JumpingJacks }

/// <summary>
/// Poses of a standing figure doing something else than a squat, push-up or pull-up. Limbs are placed per side
/// in 3D (flexion forward, abduction sideways), unlike <see cref="ExerciseMotion"/>'s sagittal, symmetric ones.
/// </summary>
public static class OtherMotion
{
    public static Pose PoseAt(OtherMovement movement, MotionParameters p, double seconds)
    {
        var effort = RepetitionPhase.At(p, seconds).Effort;
        var cycle = (float)(2 * Math.PI * seconds / p.RepSeconds);
        return movement switch
        {
            OtherMovement.Idle => Standing(p.Body, lean: 2.5f * MathF.Sin(cycle / 3),
                side => new Limb(5 + 3 * MathF.Sin(cycle / 2 + side), 7, 8 + 6 * MathF.Sin(cycle / 2)), _ => new Limb(0, 2, 0)),
            OtherMovement.ArmRaises => Standing(p.Body, lean: 0,
                _ => p.Style < 0.5f ? new Limb(Lerp(4, 165, effort), 6, 5) : new Limb(4, Lerp(8, 160, effort), 5), _ => new Limb(0, 3, 0)),
            OtherMovement.MarchInPlace => Standing(p.Body, lean: 0,
                side => new Limb(30 * MathF.Sin(cycle + side * MathF.PI / 2), 6, 20),
                side => Knee(Lerp(45, 75, p.Depth) * MathF.Max(0, MathF.Sin(cycle - side * MathF.PI / 2)))),
            _ => Standing(p.Body, lean: 0, _ => new Limb(4, Lerp(10, 165, effort), 8), _ => new Limb(0, Lerp(2, 14, effort), 0),
                jump: p.Body.Height * 0.05f * MathF.Abs(MathF.Sin(MathF.PI * 2 * effort))),
        };
    }

    /// <summary>A limb's flexion (degrees forward from hanging down), abduction (sideways) and middle-joint bend.</summary>
    readonly record struct Limb(float Flexion, float Abduction, float Bend);

    static Limb Knee(float lift) => new(lift, 3, 1.3f * lift);

    static Pose Standing(BodyProportions body, float lean, Func<float, Limb> arm, Func<float, Limb> leg, float jump = 0)
    {
        var pose = new Pose();
        var hipHeight = 0f;
        foreach (var side in new[] { -1f, 1f })
        {
            var l = leg(side);
            var thigh = Direction(l.Flexion, l.Abduction, side);
            var shin = Direction(l.Flexion - l.Bend, l.Abduction, side);
            // The lower foot stands on the floor; the lifted one hangs from the same hips.
            hipHeight = MathF.Max(hipHeight, body.AnkleHeight - body.Thigh * thigh.Y - body.Shin * shin.Y);
        }
        var hip = new Vector2(0, hipHeight + jump);
        var up = FromForward(90 - lean);
        var neck = hip + body.Torso * up;
        var joints = new[] { (Joint.LeftHip, Joint.LeftKnee, Joint.LeftAnkle, Joint.LeftToe), (Joint.RightHip, Joint.RightKnee, Joint.RightAnkle, Joint.RightToe) };
        var arms = new[] { (Joint.LeftShoulder, Joint.LeftElbow, Joint.LeftWrist, Joint.LeftHand), (Joint.RightShoulder, Joint.RightElbow, Joint.RightWrist, Joint.RightHand) };
        for (var i = 0; i < 2; i++)
        {
            var side = i == 0 ? -1f : 1f;
            var l = leg(side);
            var (hipJoint, kneeJoint, ankleJoint, toeJoint) = joints[i];
            pose[hipJoint] = At(hip, side * body.HipHalfWidth);
            pose[kneeJoint] = pose[hipJoint] + body.Thigh * Direction(l.Flexion, l.Abduction, side);
            pose[ankleJoint] = pose[kneeJoint] + body.Shin * Direction(l.Flexion - l.Bend, l.Abduction, side);
            pose[toeJoint] = pose[ankleJoint] + new Vector3(body.Foot, -body.AnkleHeight * 0.7f, side * body.Foot * 0.15f);

            var a = arm(side);
            var (shoulderJoint, elbowJoint, wristJoint, handJoint) = arms[i];
            var forearm = Direction(a.Flexion + a.Bend, a.Abduction, side);
            pose[shoulderJoint] = At(neck, side * body.ShoulderHalfWidth);
            pose[elbowJoint] = pose[shoulderJoint] + body.UpperArm * Direction(a.Flexion, a.Abduction, side);
            pose[wristJoint] = pose[elbowJoint] + body.Forearm * forearm;
            pose[handJoint] = pose[wristJoint] + body.Hand * 0.6f * forearm;
        }
        ExerciseMotion.SetTrunkAndHead(pose, body, hip, neck, ExerciseMotion.ToWorld(up), Vector3.UnitX);
        return pose;
    }

    /// <summary>From hanging straight down: <paramref name="flexion"/> degrees towards the front, <paramref name="abduction"/> out to the side.</summary>
    static Vector3 Direction(float flexion, float abduction, float side)
    {
        var (f, a) = (float.DegreesToRadians(flexion), float.DegreesToRadians(abduction));
        return Vector3.Normalize(new Vector3(MathF.Sin(f) * MathF.Cos(a), -MathF.Cos(f) * MathF.Cos(a), side * MathF.Sin(a)));
    }
}
