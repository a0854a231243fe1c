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

def Aicc_ModOp : Aicc_BinaryOp<"mod", "remainder"> {
  let description = [{
    Computes the elementwise remainder of two tensors of one element type
    with numpy broadcasting. With `fmod` the quotient truncates (C `fmod`,
    the result takes the dividend's sign); without it the quotient rounds
    down (Python `%`, the result takes the divisor's sign, and a zero result
    of floats the divisor's sign too). Unsigned integers give the same for
    both. An integer divisor of zero is undefined behaviour.

    ```mlir
    %r = aicc.mod %a, %b {fmod = false} : (tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi32>
    ```
  }];
  let arguments = (ins Aicc_NumericTensor:$lhs, Aicc_NumericTensor:$rhs,
                       BoolAttr:$fmod);
  let hasFolder = 0;
}

def Aicc_BitShiftOp : Aicc_BinaryOp<"bit_shift", "bit shift"> {
  let description = [{
    Shifts every element of `lhs` by the matching element of `rhs` (numpy
    broadcasting), `direction` is `"left"` or `"right"`. Right shifts of
    signed integers are arithmetic. A shift amount that is negative or not
    below the bit width gives what the sign fill alone gives: 0, or -1 for
    a right shift of a negative value.

    ```mlir
    %r = aicc.bit_shift %a, %b {direction = "left"} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
    ```
  }];
  let arguments = (ins Aicc_IntegerTensor:$lhs, Aicc_IntegerTensor:$rhs,
                       StrAttr:$direction);
  let results = (outs Aicc_IntegerTensor:$result);
  let hasFolder = 0;
  let hasVerifier = 1;
}

class Aicc_BitwiseOp<string mnemonic, string desc>
    : Aicc_BinaryOp<mnemonic, "bitwise " # desc, [Commutative]> {
  let arguments = (ins Aicc_IntegerTensor:$lhs, Aicc_IntegerTensor:$rhs);
  let results = (outs Aicc_IntegerTensor:$result);
  let hasFolder = 0;
}
def Aicc_BitwiseAndOp : Aicc_BitwiseOp<"bitwise_and", "and">;
def Aicc_BitwiseOrOp : Aicc_BitwiseOp<"bitwise_or", "or">;
def Aicc_BitwiseXorOp : Aicc_BitwiseOp<"bitwise_xor", "exclusive or">;

def Aicc_PReluOp : Aicc_Op<"prelu", [Pure, InferTypeOpAdaptor,
                                      SameOperandsElementType]> {
  let summary = "x if x >= 0 else slope * x, slope broadcast to x";
  let description = [{
    Parametric ReLU: `slope` broadcasts unidirectionally to the input's
    shape (numpy rules, the input's shape does not change). The result has
    the input's type.

    ```mlir
    %r = aicc.prelu %x, %slope : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Aicc_NumericTensor:$input, Aicc_NumericTensor:$slope);
  let results = (outs Aicc_NumericTensor:$result);
  let assemblyFormat =
      "$input `,` $slope attr-dict `:` functional-type(operands, results)";
}

def Aicc_WhereOp : Aicc_Op<"where", [Pure, InferTypeOpAdaptor]> {
  let summary = "elementwise selection with numpy broadcasting";
  let description = [{
    Takes `x` where `condition` holds and `y` elsewhere. The three operands
    broadcast together as in numpy; the result has the broadcast shape and
    the element type of `x` and `y`.

    ```mlir
    %r = aicc.where %c, %x, %y : (tensor<2x1xi1>, tensor<3xf32>, tensor<f32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Aicc_BoolTensor:$condition, Aicc_Tensor:$x,
                       Aicc_Tensor:$y);
  let results = (outs Aicc_Tensor:$result);
  let assemblyFormat = [{
    $condition `,` $x `,` $y attr-dict `:` functional-type(operands, results)
  }];
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Comparisons and logic: numpy broadcasting, bool result
//===----------------------------------------------------------------------===//

class Aicc_PredicateBinaryOp<string mnemonic, string desc,
                             Type operandType = Aicc_NumericTensor,
                             list<Trait> traits = []>
    : Aicc_Op<mnemonic, !listconcat(traits, [Pure, InferTypeOpAdaptor,
                                             SameOperandsElementType])> {
  let summary = desc # " with numpy broadcasting";
  let description = [{
    Computes the elementwise }] # desc # [{ of two tensors of one element
    type. Shapes broadcast as in numpy. The result is an `i1` tensor of the
    broadcast shape. Floats compare ordered (false when either is NaN);
    unsigned integers compare unsigned.

    ```mlir
    %r = aicc.}] # mnemonic # [{ %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
    ```
  }];
  let arguments = (ins operandType:$lhs, operandType:$rhs);
  let results = (outs Aicc_BoolTensor:$result);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}

def Aicc_EqualOp : Aicc_PredicateBinaryOp<"equal", "test a == b", Aicc_NumericTensor,
                                          [Commutative]>;
def Aicc_LessOp : Aicc_PredicateBinaryOp<"less", "test a < b">;
def Aicc_LessEqualOp : Aicc_PredicateBinaryOp<"less_equal", "test a <= b">;
def Aicc_GreaterOp : Aicc_PredicateBinaryOp<"greater", "test a > b">;
def Aicc_GreaterEqualOp : Aicc_PredicateBinaryOp<"greater_equal", "test a >= b">;
def Aicc_AndOp : Aicc_PredicateBinaryOp<"and", "logical and", Aicc_BoolTensor,
                                        [Commutative]>;
def Aicc_OrOp : Aicc_PredicateBinaryOp<"or", "logical or", Aicc_BoolTensor,
                                       [Commutative]>;
def Aicc_XorOp : Aicc_PredicateBinaryOp<"xor", "logical exclusive or",
                                        Aicc_BoolTensor, [Commutative]>;

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

def Aicc_FloorOp : Aicc_UnaryOp<"floor", "rounding toward negative infinity">;
def Aicc_CeilOp : Aicc_UnaryOp<"ceil", "rounding toward positive infinity">;
def Aicc_RoundOp : Aicc_UnaryOp<"round", "rounding to nearest, ties to even">;
def Aicc_ReciprocalOp : Aicc_UnaryOp<"reciprocal", "1 / x">;
def Aicc_SinOp : Aicc_UnaryOp<"sin", "the sine">;
def Aicc_CosOp : Aicc_UnaryOp<"cos", "the cosine">;
def Aicc_TanOp : Aicc_UnaryOp<"tan", "the tangent">;
def Aicc_AsinOp : Aicc_UnaryOp<"asin", "the arcsine">;
def Aicc_AcosOp : Aicc_UnaryOp<"acos", "the arccosine">;
def Aicc_AtanOp : Aicc_UnaryOp<"atan", "the arctangent">;
def Aicc_SinhOp : Aicc_UnaryOp<"sinh", "the hyperbolic sine">;
def Aicc_CoshOp : Aicc_UnaryOp<"cosh", "the hyperbolic cosine">;
def Aicc_AsinhOp : Aicc_UnaryOp<"asinh", "the inverse hyperbolic sine">;
def Aicc_AcoshOp : Aicc_UnaryOp<"acosh", "the inverse hyperbolic cosine">;
def Aicc_AtanhOp : Aicc_UnaryOp<"atanh", "the inverse hyperbolic tangent">;
def Aicc_SoftplusOp : Aicc_UnaryOp<"softplus", "log(1 + exp(x))">;
def Aicc_SoftsignOp : Aicc_UnaryOp<"softsign", "x / (1 + |x|)">;
def Aicc_MishOp : Aicc_UnaryOp<"mish", "x * tanh(log(1 + exp(x)))">;
def Aicc_SignOp : Aicc_UnaryOp<"sign", "the sign (-1, 0 or 1; NaN stays NaN)",
                               Aicc_NumericTensor>;
def Aicc_NotOp : Aicc_UnaryOp<"not", "logical negation", Aicc_BoolTensor>;
def Aicc_BitwiseNotOp : Aicc_UnaryOp<"bitwise_not", "bitwise negation", Aicc_IntegerTensor>;

def Aicc_EluOp : Aicc_UnaryOp<"elu", "x if x > 0 else alpha * (exp(x) - 1)"> {
  let arguments = (ins Aicc_FloatTensor:$input, F64Attr:$alpha);
}

def Aicc_SeluOp
    : Aicc_UnaryOp<"selu", "gamma * (x if x > 0 else alpha * (exp(x) - 1))"> {
  let arguments = (ins Aicc_FloatTensor:$input, F64Attr:$alpha, F64Attr:$gamma);
}

def Aicc_CeluOp
    : Aicc_UnaryOp<"celu", "max(0, x) + min(0, alpha * (exp(x / alpha) - 1))"> {
  let arguments = (ins Aicc_FloatTensor:$input, F64Attr:$alpha);
  let hasVerifier = 1;
}

def Aicc_ThresholdedReluOp
    : Aicc_UnaryOp<"thresholded_relu", "x if x > alpha else 0"> {
  let arguments = (ins Aicc_FloatTensor:$input, F64Attr:$alpha);
}

def Aicc_GeluOp : Aicc_UnaryOp<"gelu", "x * Phi(x), Phi the normal CDF"> {
  let description = [{
    Applies the Gaussian error linear unit `0.5 * x * (1 + erf(x / sqrt(2)))`
    to every element. With `approximate = "tanh"` it computes
    `0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))` instead.
  }];
  let arguments = (ins Aicc_FloatTensor:$input,
                       DefaultValuedStrAttr<StrAttr, "none">:$approximate);
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Unary tests: a float operand, a bool result of the same shape
//===----------------------------------------------------------------------===//

class Aicc_UnaryTestOp<string mnemonic, string desc>
    : Aicc_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let summary = desc;
  let description = [{
    Tests whether every element is }] # desc # [{; the result is an `i1`
    tensor of the operand's shape.

    ```mlir
    %r = aicc.}] # mnemonic # [{ %x : tensor<4xf32>
    ```
  }];
  let arguments = (ins Aicc_FloatTensor:$input);
  let results = (outs Aicc_BoolTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Aicc_IsNaNOp : Aicc_UnaryTestOp<"is_nan", "NaN">;
def Aicc_IsInfOp : Aicc_UnaryTestOp<"is_inf", "an infinity of a detected sign"> {
  let arguments = (ins Aicc_FloatTensor:$input, BoolAttr:$detect_negative,
                       BoolAttr:$detect_positive);
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
    Float to 4- and 2-bit integers wraps like ml_dtypes (truncate toward
    zero, keep the low bits). To the 8-bit floats, values round half to
    even; `saturate` (ONNX's attribute, default true) clamps values out of
    range and infinities to the largest finite value, otherwise they become
    NaN (or infinity for f8E5M2). To f8E8M0FNU, `round_mode` ("up", "down",
    "nearest") rounds the f32 exponent. f4E2M1FN always saturates.
  }];
  let arguments = (ins Aicc_Tensor:$input,
                       DefaultValuedAttr<BoolAttr, "true">:$saturate,
                       DefaultValuedAttr<StrAttr, "\"up\"">:$round_mode);
  let results = (outs Aicc_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($result)";
  let hasFolder = 1;
  let hasVerifier = 1;
}

def Aicc_BitcastOp : Aicc_Op<"bitcast", [Pure, SameOperandsAndResultShape]> {
  let summary = "reinterpretation of each element's bits";
  let description = [{
    ONNX `BitCast`: every element keeps its bits and is read as the result's
    element type, which must have the same bit width (`i1` excluded: bool
    has no defined bit pattern in aicc).

    ```mlir
    %y = aicc.bitcast %x : tensor<3xf32> to tensor<3xi32>
    ```
  }];
  let arguments = (ins Aicc_Tensor:$input);
  let results = (outs Aicc_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($result)";
  let hasVerifier = 1;
}

#endif // AICC_ELEMENTWISE_OPS_TD
