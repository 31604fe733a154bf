namespace ExerciseFunctions.Runtime.I3d;

/// <summary>Supplies the value of each network variable, in ONNX layout, when a graph is built.</summary>
public interface IWeightSource
{
    float[] Read(I3dVariable variable);
}
