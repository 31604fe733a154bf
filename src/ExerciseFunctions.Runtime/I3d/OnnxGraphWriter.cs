using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace ExerciseFunctions.Runtime.I3d;

/// <summary>Small helpers over the ONNX protobuf types: nodes, attributes, initializers, value infos.</summary>
internal sealed class OnnxGraphWriter(string name)
{
    public GraphProto Graph { get; } = new() { Name = name };

    /// <summary>Adds a node whose single output is named <paramref name="output"/>; returns that name.</summary>
    public string Node(string opType, string output, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return output;
    }

    public string Initializer(string tensorName, int[] dims, float[] values)
    {
        Graph.Initializer.Add(FloatTensor(tensorName, dims, values));
        return tensorName;
    }

    public static TensorProto FloatTensor(string tensorName, int[] dims, float[] values)
    {
        var tensor = new TensorProto
        {
            Name = tensorName,
            DataType = (int)TensorProto.Types.DataType.Float,
            RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())),
        };
        tensor.Dims.AddRange(dims.Select(d => (long)d));
        return tensor;
    }

    public static TensorProto Int64Tensor(string tensorName, params long[] values)
    {
        var tensor = new TensorProto { Name = tensorName, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        return tensor;
    }

    /// <summary>A float tensor value; a null dimension is symbolic (named <paramref name="symbolicName"/>).</summary>
    public static ValueInfoProto FloatValue(string valueName, IEnumerable<long?> dims, string symbolicName = "T")
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim is { } size ? new TensorShapeProto.Types.Dimension { DimValue = size } : new TensorShapeProto.Types.Dimension { DimParam = symbolicName });
        }
        return new ValueInfoProto
        {
            Name = valueName,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    public static AttributeProto Ints(string attribute, params long[] values)
    {
        var proto = new AttributeProto { Name = attribute, Type = AttributeProto.Types.AttributeType.Ints };
        proto.Ints.AddRange(values);
        return proto;
    }

    public static AttributeProto Int(string attribute, long value) =>
        new() { Name = attribute, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string attribute, float value) =>
        new() { Name = attribute, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto String(string attribute, string value) =>
        new() { Name = attribute, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Tensor(string attribute, TensorProto value) =>
        new() { Name = attribute, Type = AttributeProto.Types.AttributeType.Tensor, T = value };
}
