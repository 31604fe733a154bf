using System.Numerics;

namespace ExerciseFunctions.Modelling.Synthesis.Motion;

/// <summary>Forward kinematics in the body's sagittal plane (X forward, Y up) and two-bone inverse kinematics.</summary>
internal static class Kinematics
{
    /// <summary>A unit direction in the sagittal plane at <paramref name="degrees"/> from straight down, turning forward.</summary>
    public static Vector2 FromDown(float degrees)
    {
        var radians = float.DegreesToRadians(degrees);
        return new Vector2(MathF.Sin(radians), -MathF.Cos(radians));
    }

    /// <summary>A unit direction in the sagittal plane at <paramref name="degrees"/> above the forward horizontal.</summary>
    public static Vector2 FromForward(float degrees)
    {
        var radians = float.DegreesToRadians(degrees);
        return new Vector2(MathF.Cos(radians), MathF.Sin(radians));
    }

    /// <summary>Lifts a sagittal point to 3D at lateral offset <paramref name="z"/>.</summary>
    public static Vector3 At(Vector2 sagittal, float z) => new(sagittal.X, sagittal.Y, z);

    public static float Lerp(float from, float to, float amount) => from + (to - from) * amount;

    /// <summary>
    /// The elbow or knee of a two-bone chain from <paramref name="root"/> reaching for <paramref name="target"/>,
    /// bending towards <paramref name="pole"/>; returns the middle joint and the reached end (the target when in reach).
    /// </summary>
    public static (Vector3 Middle, Vector3 End) TwoBone(Vector3 root, Vector3 target, float first, float second, Vector3 pole)
    {
        var offset = target - root;
        var direction = Vector3.Normalize(offset);
        var distance = Math.Clamp(offset.Length(), MathF.Abs(first - second) + 1e-4f, first + second - 1e-4f);
        var cosRoot = (first * first + distance * distance - second * second) / (2 * first * distance);
        var sinRoot = MathF.Sqrt(MathF.Max(0, 1 - cosRoot * cosRoot));
        var bend = Vector3.Normalize(pole - direction * Vector3.Dot(pole, direction));
        return (root + first * (direction * cosRoot + bend * sinRoot), root + direction * distance);
    }
}
