using System.Numerics;
using ExerciseFunctions.Modelling.Synthesis.Motion;
using OpenCvSharp;

namespace ExerciseFunctions.Modelling.Synthesis.Rendering;

/// <summary>
/// Draws a pose as shaded capsules (limbs, trunk) and balls (head, hands), far to near, anti-aliased with
/// sub-pixel precision. Each shape is three nested layers, shifted towards the light, so limbs read as round.
/// </summary>
internal sealed class FigureRenderer(PinholeCamera camera, Appearance look, BodyProportions body, Vector2 towardsLight, Exposure exposure)
{
    const int Shift = 4;
    const float SubPixel = 1 << Shift;

    /// <summary>A tapered capsule between two points; a ball when both ends coincide.</summary>
    readonly record struct Shape(Vector3 From, Vector3 To, float FromRadius, float ToRadius, Scalar Colour);

    static readonly (float Radius, float Offset, float Light)[] Layers = [(1f, 0f, -0.45f), (0.72f, 0.2f, -0.12f), (0.38f, 0.36f, 0.3f)];

    public void Draw(Mat frame, Pose pose)
    {
        var shapes = Shapes(pose)
            .Select(s => (Shape: s, From: camera.ToCamera(s.From), To: camera.ToCamera(s.To)))
            .OrderByDescending(s => s.From.Z + s.To.Z);
        foreach (var (shape, from, to) in shapes)
        {
            DrawShaded(frame, shape, from, to);
        }
    }

    IEnumerable<Shape> Shapes(Pose pose)
    {
        var skin = look.Skin;
        var arms = look.LongSleeves ? look.Shirt : skin;
        var shins = look.LongPants ? look.Pants : skin;
        var chest = Vector3.Lerp(pose[Joint.Neck], pose[Joint.Pelvis], 0.22f);
        yield return new(pose[Joint.Pelvis], chest, body.TorsoRadius * 0.9f, body.TorsoRadius, look.Shirt);
        yield return new(pose[Joint.LeftShoulder], pose[Joint.RightShoulder], body.UpperArmRadius * 1.3f, body.UpperArmRadius * 1.3f, look.Shirt);
        yield return new(pose[Joint.LeftHip], pose[Joint.RightHip], body.ThighRadius * 1.05f, body.ThighRadius * 1.05f, look.Pants);
        yield return new(pose[Joint.Neck], pose[Joint.Chin], body.HeadRadius * 0.38f, body.HeadRadius * 0.38f, skin);
        yield return Ball(pose[Joint.HeadCenter], body.HeadRadius, skin);
        var awayFromChin = Vector3.Normalize(pose[Joint.HeadCenter] - pose[Joint.Chin]);
        yield return Ball(pose[Joint.HeadCenter] + awayFromChin * body.HeadRadius * 0.22f, body.HeadRadius * 0.95f, look.Hair);
        foreach (var (shoulder, elbow, wrist, hand) in new[]
        {
            (Joint.LeftShoulder, Joint.LeftElbow, Joint.LeftWrist, Joint.LeftHand),
            (Joint.RightShoulder, Joint.RightElbow, Joint.RightWrist, Joint.RightHand),
        })
        {
            yield return new(pose[shoulder], pose[elbow], body.UpperArmRadius, body.ForearmRadius * 1.1f, arms);
            yield return new(pose[elbow], pose[wrist], body.ForearmRadius * 1.1f, body.ForearmRadius * 0.8f, arms);
            yield return new(pose[wrist], pose[hand], body.ForearmRadius * 1.05f, body.ForearmRadius * 1.05f, skin);
        }
        foreach (var (hip, knee, ankle, toe) in new[]
        {
            (Joint.LeftHip, Joint.LeftKnee, Joint.LeftAnkle, Joint.LeftToe),
            (Joint.RightHip, Joint.RightKnee, Joint.RightAnkle, Joint.RightToe),
        })
        {
            yield return new(pose[hip], pose[knee], body.ThighRadius, body.ShinRadius * 1.15f, look.Pants);
            yield return new(pose[knee], pose[ankle], body.ShinRadius * 1.1f, body.ShinRadius * 0.75f, shins);
            yield return new(pose[ankle], pose[toe], body.ShinRadius * 0.85f, body.ShinRadius * 0.7f, look.Shoes);
        }
        if (pose.Bar is { } bar)
        {
            yield return new(bar.LeftEnd, bar.RightEnd, bar.Radius, bar.Radius, look.Bar);
            foreach (var end in new[] { bar.LeftEnd, bar.RightEnd })
            {
                yield return new(end, end with { Y = 0 }, bar.Radius * 1.6f, bar.Radius * 1.6f, look.Bar);
            }
        }
    }

    static Shape Ball(Vector3 centre, float radius, Scalar colour) => new(centre, centre, radius, radius, colour);

    void DrawShaded(Mat frame, Shape shape, Vector3 from, Vector3 to)
    {
        if (from.Z <= 0.05f || to.Z <= 0.05f)
        {
            return;
        }
        var a = ToVector(camera.ProjectCamera(from));
        var b = ToVector(camera.ProjectCamera(to));
        var radiusA = camera.FocalPixels * shape.FromRadius / from.Z;
        var radiusB = camera.FocalPixels * shape.ToRadius / to.Z;
        foreach (var (scale, offset, light) in Layers)
        {
            var shiftA = towardsLight * radiusA * offset;
            var shiftB = towardsLight * radiusB * offset;
            DrawCapsule(frame, a + shiftA, b + shiftB, radiusA * scale, radiusB * scale, exposure.Apply(Shade(shape.Colour, light)));
        }
    }

    static void DrawCapsule(Mat frame, Vector2 a, Vector2 b, float radiusA, float radiusB, Scalar colour)
    {
        Cv2.Circle(frame, Fixed(a), (int)(radiusA * SubPixel), colour, -1, LineTypes.AntiAlias, Shift);
        Cv2.Circle(frame, Fixed(b), (int)(radiusB * SubPixel), colour, -1, LineTypes.AntiAlias, Shift);
        var along = b - a;
        if (along.Length() < 0.5f)
        {
            return;
        }
        var normal = Vector2.Normalize(new Vector2(-along.Y, along.X));
        Cv2.FillConvexPoly(frame, [Fixed(a + normal * radiusA), Fixed(b + normal * radiusB), Fixed(b - normal * radiusB), Fixed(a - normal * radiusA)],
            colour, LineTypes.AntiAlias, Shift);
    }

    /// <summary>Darker for negative <paramref name="light"/>, towards white for positive.</summary>
    static Scalar Shade(Scalar colour, float light)
    {
        double Channel(double c) => light < 0 ? c * (1 + light) : c + (255 - c) * light;
        return new Scalar(Channel(colour.Val0), Channel(colour.Val1), Channel(colour.Val2));
    }

    static Vector2 ToVector(Point2f point) => new(point.X, point.Y);

    static Point Fixed(Vector2 point) => new((int)MathF.Round(point.X * SubPixel), (int)MathF.Round(point.Y * SubPixel));
}
