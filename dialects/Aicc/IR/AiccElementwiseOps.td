//===- AiccElementwiseOps.td - elementwise ops -------------*- tablegen -*-===//
#ifndef AICC_ELEMENTWISE_OPS_TD
#define AICC_ELEMENTWISE_OPS_TD

include "Aicc/IR/AiccBase.td"

//===----------------------------------------------------------------------===//
// Binary ops with numpy broadcasting
//===----------------------------------------------------------------------===//

class Aicc_BinaryOp<string mnemonic, string desc, list<Trait> traits = []>
    : Aicc_Op<mnemonic, !listconcat(traits, [Pure, InferTypeOpAdaptor,
                                             SameOperandsElementType])> {
  let summary = desc # " with numpy broadcasting";
  let description = [{
    Computes the elementwise }] # desc # [{ of two tensors of one element
    type. Shapes broadcast as in numpy: dimensions align from the right and a
    dimension of size 1 stretches. The result has the broadcast shape.

    ```mlir
    %r = aicc.}] # mnemonic # [{ %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Aicc_NumericTensor:$lhs, Aicc_NumericTensor:$rhs);
  let results = (outs Aicc_NumericTensor:$result);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Aicc_AddOp : Aicc_BinaryOp<"add", "sum", [Commutative]>;
def Aicc_SubOp : Aicc_BinaryOp<"sub", "difference">;
def Aicc_MulOp : Aicc_BinaryOp<"mul", "product", [Commutative]>;
def Aicc_DivOp : Aicc_BinaryOp<"div", "quotient (integers truncate toward zero)">;
def Aicc_PowOp : Aicc_BinaryOp<"pow", "power">;
def Aicc_MaxOp : Aicc_BinaryOp<"max", "maximum (NaN propagates)", [Commutative]>;
def Aicc_MinOp : Aicc_BinaryOp<"min", "minimum (NaN propagates)", [Commutative]>;

//===----------------------------------------------------------------------===//
// Unary ops
//===----------------------------------------------------------------------===//

class Aicc_UnaryOp<string mnemonic, string desc, Type tensorType = Aicc_FloatTensor,
                   list<Trait> traits = []>
    : Aicc_Op<mnemonic, !listconcat(traits, [Pure, SameOperandsAndResultType])> {
  let summary = desc;
  let description = [{
    Applies }] # desc # [{ to every element. The result has the operand's type.
  }];
  let arguments = (ins tensorType:$input);
  let results = (outs tensorType:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Aicc_SqrtOp : Aicc_UnaryOp<"sqrt", "the square root">;
def Aicc_ExpOp : Aicc_UnaryOp<"exp", "the natural exponential">;
def Aicc_LogOp : Aicc_UnaryOp<"log", "the natural logarithm">;
def Aicc_NegOp : Aicc_UnaryOp<"neg", "negation", Aicc_NumericTensor>;
def Aicc_AbsOp : Aicc_UnaryOp<"abs", "the absolute value", Aicc_NumericTensor>;
def Aicc_ReluOp : Aicc_UnaryOp<"relu", "max(x, 0)", Aicc_NumericTensor>;
def Aicc_SigmoidOp : Aicc_UnaryOp<"sigmoid", "the logistic function 1 / (1 + exp(-x))">;
def Aicc_TanhOp : Aicc_UnaryOp<"tanh", "the hyperbolic tangent">;
def Aicc_ErfOp : Aicc_UnaryOp<"erf", "the Gauss error function">;
def Aicc_HardSwishOp : Aicc_UnaryOp<"hard_swish", "x * max(0, min(1, x / 6 + 1 / 2))">;

def Aicc_LeakyReluOp : Aicc_UnaryOp<"leaky_relu", "x if x >= 0 else alpha * x"> {
  let arguments = (ins Aicc_FloatTensor:$input, F64Attr:$alpha);
}

def Aicc_HardSigmoidOp
    : Aicc_UnaryOp<"hard_sigmoid", "max(0, min(1, alpha * x + beta))"> {
  let arguments = (ins Aicc_FloatTensor:$input, F64Attr:$alpha, F64Attr:$beta);
}

def Aicc_ClipOp : Aicc_Op<"clip", [Pure, AttrSizedOperandSegments,
                                    AllTypesMatch<["input", "result"]>]> {
  let summary = "clamping to [min, max]";
  let description = [{
    Clamps every element to `[min, max]`; a missing bound does not clamp.
    A bound known at compile time is an attribute (`min`, `max`); one known
    only at run time is a 0-d tensor operand (`min_value`, `max_value`) of
    the input's element type. Canonicalisation turns constant operands into
    attributes. For integer tensors attribute bounds must be integral.

    ```mlir
    %a = aicc.clip %x {min = 0.0 : f64, max = 6.0 : f64} : tensor<4xf32>
    %b = aicc.clip %x min %lo : tensor<f32> : tensor<4xf32>
    ```
  }];
  let arguments = (ins Aicc_NumericTensor:$input,
                       Optional<Aicc_NumericTensor>:$min_value,
                       Optional<Aicc_NumericTensor>:$max_value,
                       OptionalAttr<F64Attr>:$min, OptionalAttr<F64Attr>:$max);
  let results = (outs Aicc_NumericTensor:$result);
  let assemblyFormat = [{
    $input (`min` $min_value^ `:` type($min_value))?
    (`max` $max_value^ `:` type($max_value))? attr-dict `:` type($input)
  }];
  let builders = [
    OpBuilder<(ins "Value":$input, "FloatAttr":$min, "FloatAttr":$max), [{
      build($_builder, $_state, input.getType(), input, Value(), Value(), min, max);
    }]>
  ];
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

def Aicc_CastOp : Aicc_Op<"cast", [Pure, SameOperandsAndResultShape]> {
  let summary = "element type conversion";
  let description = [{
    Converts every element to the result's element type with ONNX `Cast`
    semantics: float to integer truncates toward zero, to bool tests `!= 0`.
  }];
  let arguments = (ins Aicc_Tensor:$input);
  let results = (outs Aicc_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($result)";
  let hasFolder = 1;
}

#endif // AICC_ELEMENTWISE_OPS_TD
