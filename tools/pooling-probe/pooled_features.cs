#:project ../../src/ExerciseFunctions.Runtime/ExerciseFunctions.Runtime.csproj
// A probe for issue 16, not part of the product: rewrites a copy of an I3D model directory so that each stream's
// `features` output carries four poolings of Mixed_5c instead of one — [mean over time and space | max over time of
// the spatial mean | max over space of the time mean | the time mean on a 2x2 grid] (1024 + 1024 + 1024 + 4096) —
// so `exercise evaluate --cache` stores them all and pooling_probe.py can compare heads on each.
//   dotnet run tools/pooling-probe/pooled_features.cs -- <model directory copy>
using Google.Protobuf;
using Onnx;

foreach (var file in new[] { "rgb.onnx", "flow.onnx" })
{
    var path = Path.Combine(args[0], file);
    var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
    var graph = model.Graph;
    var mixed5c = graph.Node.Single(n => n.OpType == "AveragePool" && n.Output[0].EndsWith("AvgPool3d_0a_7x7")).Input[0];
    graph.Node.Remove(graph.Node.Single(n => n.Output[0] == "features"));
    Add(graph, "ReduceMean", "pooled/mean", [mixed5c], Ints("axes", 2, 3, 4), Int("keepdims", 0));
    Add(graph, "ReduceMean", "pooled/space_mean", [mixed5c], Ints("axes", 3, 4), Int("keepdims", 1));
    Add(graph, "ReduceMax", "pooled/time_max", ["pooled/space_mean"], Ints("axes", 2, 3, 4), Int("keepdims", 0));
    Add(graph, "ReduceMean", "pooled/time_mean", [mixed5c], Ints("axes", 2), Int("keepdims", 1));
    Add(graph, "ReduceMax", "pooled/space_max", ["pooled/time_mean"], Ints("axes", 2, 3, 4), Int("keepdims", 0));
    Add(graph, "AveragePool", "pooled/grid_cells", ["pooled/time_mean"], Ints("kernel_shape", 1, 4, 4), Ints("strides", 1, 3, 3));
    Add(graph, "Flatten", "pooled/grid", ["pooled/grid_cells"], Int("axis", 1));
    Add(graph, "Concat", "features", ["pooled/mean", "pooled/time_max", "pooled/space_max", "pooled/grid"], Int("axis", 1));
    graph.Output.Single(o => o.Name == "features").Type.TensorType.Shape.Dim[1].DimValue = 7 * 1024;
    File.WriteAllBytes(path, model.ToByteArray());
    Console.WriteLine($"{path}: features = four poolings of {mixed5c}");
}

static void Add(GraphProto graph, string op, string output, string[] inputs, params AttributeProto[] attributes)
{
    var node = new NodeProto { OpType = op, Name = output };
    node.Input.Add(inputs);
    node.Output.Add(output);
    node.Attribute.Add(attributes);
    graph.Node.Add(node);
}

static AttributeProto Ints(string name, params long[] values)
{
    var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
    attribute.Ints.Add(values);
    return attribute;
}

static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };
