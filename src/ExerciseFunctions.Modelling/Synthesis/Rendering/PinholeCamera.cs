using System.Numerics;
using OpenCvSharp;

namespace ExerciseFunctions.Modelling.Synthesis.Rendering;

/// <summary>Where the camera stands relative to the figure, which faces +X; used in the file name.</summary>
public enum CameraAngle { Side, Front, Back, Oblique }

/// <summary>A perspective camera looking at a target: world metres to pixels (Y grows downwards in the image).</summary>
public sealed class PinholeCamera
{
    private readonly Vector3 position, right, up, forward;

    public PinholeCamera(Vector3 position, Vector3 target, float focalPixels, Point2f center)
    {
        this.position = position;
        forward = Vector3.Normalize(target - position);
        right = Vector3.Normalize(Vector3.Cross(forward, Vector3.UnitY));
        up = Vector3.Cross(right, forward);
        FocalPixels = focalPixels;
        Center = center;
    }

    public float FocalPixels { get; }
    public Point2f Center { get; }
    public Vector3 Position => position;

    /// <summary>The viewing direction flattened onto the floor.</summary>
    public Vector3 GroundForward => Vector3.Normalize(forward with { Y = 0 });

    public PinholeCamera WithLens(float focalPixels, Point2f center) => new(position, position + forward, focalPixels, center);

    /// <summary>Camera coordinates: X right, Y up, Z depth along the view.</summary>
    public Vector3 ToCamera(Vector3 world)
    {
        var offset = world - position;
        return new Vector3(Vector3.Dot(offset, right), Vector3.Dot(offset, up), Vector3.Dot(offset, forward));
    }

    public Point2f Project(Vector3 world) => ProjectCamera(ToCamera(world));

    public Point2f ProjectCamera(Vector3 camera) =>
        new(Center.X + FocalPixels * camera.X / camera.Z, Center.Y - FocalPixels * camera.Y / camera.Z);
}
