using System.Numerics;
using static ExerciseFunctions.Modelling.Synthesis.Motion.Kinematics;

namespace ExerciseFunctions.Modelling.Synthesis.Motion;

/// <summary>
/// The motion of each class as a pose over time: joint angles per repetition phase, turned into joint positions
/// by forward kinematics (hands fixed on the floor or the bar are reached by two-bone IK). The figure faces +X.
/// </summary>
public static class ExerciseMotion
{
    public static Pose PoseAt(string className, MotionParameters parameters, double seconds) =>
        PoseAt(SyntheticClass.Parse(className), parameters, seconds);

    public static Pose PoseAt(SyntheticClass exerciseClass, MotionParameters parameters, double seconds)
    {
        var phase = RepetitionPhase.At(parameters, seconds);
        return exerciseClass.Exercise switch
        {
            SyntheticExercise.Squat => Squat(exerciseClass.IsCorrect, parameters, phase),
            SyntheticExercise.PushUp => PushUp(exerciseClass.IsCorrect, parameters, phase),
            _ => PullUp(exerciseClass.IsCorrect, parameters, phase),
        };
    }

    /// <summary>Thigh angle above horizontal at the bottom: below zero puts the hips under the knees.</summary>
    internal static float SquatBottomThighDegrees(bool correct, float depth) =>
        correct ? Lerp(-6, -22, depth) : Lerp(32, 50, depth);

    static Pose Squat(bool correct, MotionParameters p, RepetitionPhase phase)
    {
        var body = p.Body;
        var effort = phase.Effort;
        var ankle = new Vector2(0, body.AnkleHeight);
        var knee = ankle + body.Shin * FromForward(90 - Lerp(0, correct ? 36 : 26, effort));
        var thigh = FromForward(Lerp(88, SquatBottomThighDegrees(correct, p.Depth), effort));
        var hip = knee + body.Thigh * new Vector2(-thigh.X, thigh.Y);
        var torsoUp = FromForward(90 - Lerp(4, correct ? 42 : 30, effort));
        var neck = hip + body.Torso * torsoUp;

        var pose = new Pose();
        var stance = body.HipHalfWidth * Lerp(1.2f, 2.2f, p.Style);
        SetLegs(pose, body, hip, knee, ankle, ankle + new Vector2(body.Foot, -body.AnkleHeight * 0.7f),
            body.HipHalfWidth, stance * 1.1f, stance);
        var shoulder = Lerp(8, Lerp(70, 100, p.Style), effort);
        SetArmsByAngles(pose, body, neck, shoulder, elbow: Lerp(5, 40, p.Style) * effort);
        SetTrunkAndHead(pose, body, hip, neck, ToWorld(torsoUp), ToWorld(new Vector2(torsoUp.Y, -torsoUp.X)));
        return pose;
    }

    static Pose PushUp(bool correct, MotionParameters p, RepetitionPhase phase)
    {
        var body = p.Body;
        var ankle = new Vector2(0, body.Foot * 0.75f);
        var bodyLength = body.Leg + body.Torso;
        var top = body.Arm * 0.95f + body.Height * 0.02f;
        var bottom = ankle.Y + body.Height * Lerp(0.03f, 0.07f, p.Depth);
        float ShoulderHeight(float effort) => Lerp(top, bottom, effort);
        float StraightBodyDegrees(float effort) =>
            float.RadiansToDegrees(MathF.Asin((ShoulderHeight(effort) - ankle.Y) / bodyLength));

        // The fault: on the way up the shoulders rise on time while the hips follow late.
        var hipDelay = Lerp(0.55f, 0.8f, p.Lag);
        var hipEffort = correct || phase.ReturnProgress == 0
            ? phase.Effort
            : RepetitionPhase.Ease(1 - (phase.ReturnProgress - hipDelay) / (1 - hipDelay));
        var legDirection = FromForward(StraightBodyDegrees(hipEffort));
        var hip = ankle + body.Leg * legDirection;
        var knee = ankle + body.Shin * legDirection;
        var torsoRise = Math.Clamp((ShoulderHeight(phase.Effort) - hip.Y) / body.Torso, -1f, 1f);
        var torsoUp = new Vector2(MathF.Sqrt(1 - torsoRise * torsoRise), torsoRise);
        var neck = hip + body.Torso * torsoUp;

        var pose = new Pose();
        var toe = ankle + new Vector2(body.Foot * 0.2f, -ankle.Y);
        SetLegs(pose, body, hip, knee, ankle, toe, body.HipHalfWidth, body.HipHalfWidth, body.HipHalfWidth * Lerp(0.8f, 2f, p.Style));
        var handsAt = bodyLength * MathF.Cos(float.DegreesToRadians(StraightBodyDegrees(0)));
        var wrist = new Vector2(handsAt, body.Height * 0.03f);
        var handSpread = body.ShoulderHalfWidth * Lerp(1.1f, 1.6f, p.Style);
        SetArmsReaching(pose, body, neck, wrist, handSpread, new Vector3(-1, 0, 0.8f), ToWorld(FromForward(-10)));
        SetTrunkAndHead(pose, body, hip, neck, ToWorld(torsoUp), ToWorld(new Vector2(torsoUp.Y, -torsoUp.X)));
        return pose;
    }

    /// <summary>How far the chin gets above (+) or below (−) the bar at the top, as a fraction of body height.</summary>
    internal static float PullUpChinClearance(bool correct, float depth) =>
        correct ? Lerp(0.02f, 0.06f, depth) : -Lerp(0.05f, 0.12f, depth);

    static Pose PullUp(bool correct, MotionParameters p, RepetitionPhase phase)
    {
        var body = p.Body;
        var effort = phase.Effort;
        var behindBar = -body.Height * 0.075f;
        var grip = body.ShoulderHalfWidth * Lerp(1.3f, 1.9f, p.Style);
        var wristBelowBar = body.Height * 0.02f;
        var hangReach = MathF.Sqrt(MathF.Pow(body.Arm * 0.97f, 2) - MathF.Pow(grip - body.ShoulderHalfWidth, 2) - behindBar * behindBar);
        var kneeBend = Lerp(0, 75, p.Style);
        var hipFlex = Lerp(4, 18, p.Depth);
        var legDrop = body.Thigh * MathF.Cos(float.DegreesToRadians(hipFlex))
            + body.Shin * MathF.Cos(float.DegreesToRadians(hipFlex - kneeBend)) + body.AnkleHeight;
        var barHeight = hangReach + wristBelowBar + body.Torso + legDrop + body.Height * Lerp(0.2f, 0.06f, p.Style);

        var headBack = Lerp(0, 15, effort);
        var headUp = ToWorld(FromForward(90 + headBack));
        var chinAboveNeck = ChinOffset(body, headUp, Vector3.UnitX).Y;
        var topNeck = barHeight + PullUpChinClearance(correct, p.Depth) * body.Height - chinAboveNeck;
        var neck = new Vector2(behindBar, Lerp(barHeight - wristBelowBar - hangReach, topNeck, effort));
        var torsoDown = FromDown(Lerp(4, 12, p.Depth) - Lerp(0, 8, effort));
        var hip = neck + body.Torso * torsoDown;
        var knee = hip + body.Thigh * FromDown(hipFlex);
        var ankle = knee + body.Shin * FromDown(hipFlex - kneeBend);
        var toe = ankle + body.Foot * FromDown(hipFlex - kneeBend + 60);

        var bar = new Bar(new Vector3(0, barHeight, -grip - body.Height * 0.3f), new Vector3(0, barHeight, grip + body.Height * 0.3f), body.Height * 0.016f);
        var pose = new Pose { Bar = bar };
        SetLegs(pose, body, hip, knee, ankle, toe, body.HipHalfWidth, body.HipHalfWidth, body.HipHalfWidth * 0.9f);
        SetArmsReaching(pose, body, neck, new Vector2(0, barHeight - wristBelowBar), grip, new Vector3(0.2f, -0.5f, 1), Vector3.UnitY);
        SetTrunkAndHead(pose, body, hip, neck, headUp, Vector3.UnitX);
        return pose;
    }

    internal static Vector3 ToWorld(Vector2 sagittal) => At(sagittal, 0);

    static Vector3 ChinOffset(BodyProportions body, Vector3 up, Vector3 forward) => up * body.Neck + forward * body.HeadRadius * 0.35f;

    internal static void SetTrunkAndHead(Pose pose, BodyProportions body, Vector2 hip, Vector2 neck, Vector3 headUp, Vector3 face)
    {
        pose[Joint.Pelvis] = ToWorld(hip);
        pose[Joint.Neck] = ToWorld(neck);
        pose[Joint.Chin] = ToWorld(neck) + ChinOffset(body, headUp, face);
        pose[Joint.HeadCenter] = ToWorld(neck) + headUp * (body.Neck + body.HeadRadius * 0.85f) + face * body.HeadRadius * 0.1f;
    }

    static void SetLegs(Pose pose, BodyProportions body, Vector2 hip, Vector2 knee, Vector2 ankle, Vector2 toe,
        float hipSpread, float kneeSpread, float footSpread)
    {
        foreach (var side in Sides)
        {
            pose[side.Hip] = At(hip, side.Sign * hipSpread);
            pose[side.Knee] = At(knee, side.Sign * kneeSpread);
            pose[side.Ankle] = At(ankle, side.Sign * footSpread);
            pose[side.Toe] = At(toe, side.Sign * footSpread * 1.15f);
        }
    }

    /// <summary>Free arms: shoulder flexion from hanging straight down, elbow flexion on top of it.</summary>
    static void SetArmsByAngles(Pose pose, BodyProportions body, Vector2 neck, float shoulder, float elbow)
    {
        var elbowAt = neck + body.UpperArm * FromDown(shoulder);
        var forearm = FromDown(shoulder + elbow);
        var wrist = elbowAt + body.Forearm * forearm;
        foreach (var side in Sides)
        {
            var z = side.Sign * body.ShoulderHalfWidth;
            pose[side.Shoulder] = At(neck, z);
            pose[side.Elbow] = At(elbowAt, z);
            pose[side.Wrist] = At(wrist, z);
            pose[side.Hand] = At(wrist + body.Hand * 0.6f * forearm, z);
        }
    }

    /// <summary>Hands planted (floor or bar): each arm reaches its wrist by IK, the elbow bending towards the pole.</summary>
    static void SetArmsReaching(Pose pose, BodyProportions body, Vector2 neck, Vector2 wrist, float handSpread,
        Vector3 pole, Vector3 handDirection)
    {
        foreach (var side in Sides)
        {
            var shoulder = At(neck, side.Sign * body.ShoulderHalfWidth);
            var sidePole = pole with { Z = pole.Z * side.Sign };
            var (elbow, reached) = TwoBone(shoulder, At(wrist, side.Sign * handSpread), body.UpperArm, body.Forearm, sidePole);
            pose[side.Shoulder] = shoulder;
            pose[side.Elbow] = elbow;
            pose[side.Wrist] = reached;
            pose[side.Hand] = reached + handDirection * body.Hand * 0.6f;
        }
    }

    sealed record Side(float Sign, Joint Shoulder, Joint Elbow, Joint Wrist, Joint Hand, Joint Hip, Joint Knee, Joint Ankle, Joint Toe);

    static readonly Side[] Sides =
    [
        new(-1, Joint.LeftShoulder, Joint.LeftElbow, Joint.LeftWrist, Joint.LeftHand, Joint.LeftHip, Joint.LeftKnee, Joint.LeftAnkle, Joint.LeftToe),
        new(1, Joint.RightShoulder, Joint.RightElbow, Joint.RightWrist, Joint.RightHand, Joint.RightHip, Joint.RightKnee, Joint.RightAnkle, Joint.RightToe),
    ];
}
