using OpenCvSharp;

namespace ExerciseFunctions.Modelling.Synthesis.Rendering;

/// <summary>Upright BGR frames of one clip, rendered in order from frame 0.</summary>
internal interface IFrameSource : IDisposable
{
    Mat Render(int frame);
}
