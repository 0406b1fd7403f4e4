#!/usr/bin/python3
"""Writes the ONNX models the import tests score (Debian python3-onnx 1.12; run from this directory).

The models are made here, by hand, so that the tests can compute the expected outputs exactly:
- linear.onnx: one input `input` float [N, 3]; output `variable` float [N, 1] = input @ W + b.
- classifier.onnx: input `input` float [N, 2]; outputs `label` int64 [N] (arg max), `probabilities` float [N, 3]
  (softmax of input @ W + b) and `output_probability`, a sequence of maps as scikit-learn's ZipMap writes it.
- columns.onnx: inputs `a` float [N, 1] and `b` double [N]; output `total` double [N, 1] = 2 a + b.
"""
import onnx
from onnx import TensorProto, helper

OPSET = [helper.make_opsetid("", 13), helper.make_opsetid("ai.onnx.ml", 1)]


def save(graph, name):
    model = helper.make_model(graph, opset_imports=OPSET, producer_name="lisiere-tests")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, name)


def linear():
    w = helper.make_tensor("W", TensorProto.FLOAT, [3, 1], [0.5, -2.0, 4.0])
    b = helper.make_tensor("B", TensorProto.FLOAT, [1], [1.25])
    nodes = [helper.make_node("MatMul", ["input", "W"], ["xw"]), helper.make_node("Add", ["xw", "B"], ["variable"])]
    graph = helper.make_graph(nodes, "linear", [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 3])],
                              [helper.make_tensor_value_info("variable", TensorProto.FLOAT, ["N", 1])], [w, b])
    save(graph, "linear.onnx")


def classifier():
    w = helper.make_tensor("W", TensorProto.FLOAT, [2, 3], [1.0, -1.0, 0.0, 0.5, 0.5, -1.0])
    b = helper.make_tensor("B", TensorProto.FLOAT, [3], [0.0, 0.25, -0.25])
    nodes = [helper.make_node("MatMul", ["input", "W"], ["xw"]), helper.make_node("Add", ["xw", "B"], ["scores"]),
             helper.make_node("Softmax", ["scores"], ["probabilities"], axis=1),
             helper.make_node("ArgMax", ["scores"], ["label"], axis=1, keepdims=0),
             helper.make_node("ZipMap", ["probabilities"], ["output_probability"], domain="ai.onnx.ml",
                              classlabels_int64s=[0, 1, 2])]
    zipmap = onnx.TypeProto()
    zipmap.sequence_type.elem_type.map_type.key_type = TensorProto.INT64
    zipmap.sequence_type.elem_type.map_type.value_type.tensor_type.elem_type = TensorProto.FLOAT
    graph = helper.make_graph(nodes, "classifier",
                              [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 2])],
                              [helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
                               helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", 3]),
                               helper.make_value_info("output_probability", zipmap)], [w, b])
    save(graph, "classifier.onnx")


def columns():
    two = helper.make_tensor("two", TensorProto.FLOAT, [1], [2.0])
    nodes = [helper.make_node("Mul", ["a", "two"], ["a2"]), helper.make_node("Cast", ["a2"], ["a2d"], to=TensorProto.DOUBLE),
             helper.make_node("Unsqueeze", ["b", "axes"], ["b2"]), helper.make_node("Add", ["a2d", "b2"], ["total"])]
    axes = helper.make_tensor("axes", TensorProto.INT64, [1], [1])
    graph = helper.make_graph(nodes, "columns",
                              [helper.make_tensor_value_info("a", TensorProto.FLOAT, ["N", 1]),
                               helper.make_tensor_value_info("b", TensorProto.DOUBLE, ["N"])],
                              [helper.make_tensor_value_info("total", TensorProto.DOUBLE, ["N", 1])], [two, axes])
    save(graph, "columns.onnx")


linear()
classifier()
columns()
