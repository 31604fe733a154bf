using System.Numerics;

namespace ExerciseFunctions.Modelling.Synthesis.Motion;

/// <summary>The joints of the synthetic figure. Left is -Z: the body faces +X with +Y up.</summary>
public enum Joint
{
    HeadCenter, Chin, Neck, Pelvis,
    LeftShoulder, LeftElbow, LeftWrist, LeftHand,
    RightShoulder, RightElbow, RightWrist, RightHand,
    LeftHip, LeftKnee, LeftAnkle, LeftToe,
    RightHip, RightKnee, RightAnkle, RightToe,
}

/// <summary>A horizontal bar along Z (pull-ups), its ends in metres.</summary>
public sealed record Bar(Vector3 LeftEnd, Vector3 RightEnd, float Radius)
{
    public float Height => LeftEnd.Y;
}

/// <summary>World positions (metres, floor at Y = 0) of every joint at one instant, plus the bar when there is one.</summary>
public sealed class Pose
{
    public static readonly int JointCount = Enum.GetValues<Joint>().Length;

    private readonly Vector3[] joints = new Vector3[JointCount];

    public Bar? Bar { get; init; }

    public Vector3 this[Joint joint]
    {
        get => joints[(int)joint];
        set => joints[(int)joint] = value;
    }

    public IReadOnlyList<Vector3> Joints => joints;
}
