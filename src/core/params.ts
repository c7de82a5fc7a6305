/**
 * The parameters of a model as one flat vector w ∈ ℝᴾ, stored as an ordered
 * list of tensors (one per layer weight). Optimizers and probes use these
 * helpers instead of touching layer internals.
 *
 * Ownership: every function that returns tensors returns new tensors that
 * the caller disposes (or creates inside a `tf.tidy`); inputs are never
 * disposed.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * The sum of same-shape tensors, added one by one. Not `tf.addN`: the AddN
 * kernel of tfjs-backend-webgpu 4.22 silently ignores every input after the
 * seventh (the default convnet has eight parameter tensors, so ⟨g, v⟩, ‖g‖
 * and with them SAM's ε̂ and every Hessian-vector product were wrong on WebGPU).
 * Call it inside a tidy scope.
 */
export function addAll<T extends tf.Tensor>(ts: readonly T[]): T {
  if (ts.length === 0) throw new Error('addAll needs at least one tensor');
  return ts.reduce((acc, t) => tf.add<T>(acc, t));
}

/** A list of tensors read as one vector (the concatenation of the flattened tensors). */
export type ParamList = readonly tf.Tensor[];

/**
 * A model's parameters read out as one vector w ∈ ℝᴾ: its tensors in
 * `paramShapes` order, each flattened row-major, in float32 as trained.
 */
export type FlatParams = Float32Array;

/** A vector in parameter space in float64 (a direction, an eigenvector, a Hessian-vector product), ordered as `FlatParams`. */
export type FlatVector = Float64Array;

/** Total number of scalars in the list. */
export function vectorSize(list: ParamList): number {
  return list.reduce((n, t) => n + t.size, 0);
}

/** ⟨a, b⟩ as a scalar tensor (caller disposes). */
export function vectorDot(a: ParamList, b: ParamList): tf.Scalar {
  checkSameShapes(a, b, 'vectorDot');
  return tf.tidy(() => addAll(a.map((t, i) => tf.sum<tf.Scalar>(tf.mul(t, b[i]!)))));
}

/** ‖a‖₂ as a scalar tensor (caller disposes). */
export function vectorNorm(a: ParamList): tf.Scalar {
  return tf.tidy(() => tf.sqrt(addAll(a.map((t) => tf.sum(tf.square(t))))) as tf.Scalar);
}

/** α·x + y, element by element (new tensors; caller disposes). */
export function vectorAxpy(alpha: number | tf.Scalar, x: ParamList, y: ParamList): tf.Tensor[] {
  checkSameShapes(x, y, 'vectorAxpy');
  return tf.tidy(() => x.map((t, i) => tf.add(tf.mul(t, alpha), y[i]!)));
}

/** Assigns `values[i]` to `vars[i]` for every i; `values` stay owned by the caller. */
export function vectorAssign(vars: readonly tf.Variable[], values: ParamList): void {
  checkSameShapes(vars, values, 'vectorAssign');
  vars.forEach((v, i) => v.assign(values[i]!));
}

/** The concatenated vector as a rank-1 tensor (caller disposes). */
export function vectorFlatten(x: ParamList): tf.Tensor1D {
  return tf.tidy(() => tf.concat<tf.Tensor1D>(x.map((t) => tf.reshape(t, [-1]))));
}

/** Splits a flat vector into tensors of the given shapes (caller disposes). */
export function vectorUnflatten(flat: tf.Tensor1D, shapes: readonly number[][]): tf.Tensor[] {
  const sizes = shapes.map((s) => s.reduce((a, b) => a * b, 1));
  const total = sizes.reduce((a, b) => a + b, 0);
  if (flat.size !== total) throw new Error(`vectorUnflatten: flat vector has ${flat.size} entries, shapes need ${total}`);
  return tf.tidy(() => tf.split(flat, sizes).map((t, i) => tf.reshape(t, shapes[i]!)));
}

/** Reads the whole vector (one download). */
export async function vectorRead(x: ParamList): Promise<FlatParams> {
  const flat = vectorFlatten(x);
  try {
    return (await flat.data()) as Float32Array;
  } finally {
    flat.dispose();
  }
}

/** Tensors of the given shapes filled from a flat vector (caller disposes). */
export function vectorFromArray(values: FlatParams, shapes: readonly number[][]): tf.Tensor[] {
  let offset = 0;
  const out = shapes.map((shape) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const t = tf.tensor(values.subarray(offset, offset + n), shape, 'float32');
    offset += n;
    return t;
  });
  if (offset !== values.length) {
    out.forEach((t) => t.dispose());
    throw new Error(`vectorFromArray: array has ${values.length} entries, shapes need ${offset}`);
  }
  return out;
}

function checkSameShapes(a: ParamList, b: ParamList, fn: string): void {
  if (a.length !== b.length) throw new Error(`${fn}: lists have ${a.length} and ${b.length} tensors`);
  a.forEach((t, i) => {
    const s = b[i]!.shape;
    if (t.shape.length !== s.length || t.shape.some((d, k) => d !== s[k])) {
      throw new Error(`${fn}: tensor ${i} has shape [${t.shape.join(',')}] vs [${s.join(',')}]`);
    }
  });
}

/**
 * A new variable holding `make()`'s value; the temporary tensors `make`
 * creates are freed (a variable shares, not owns, the tensor it starts from).
 */
export function newVariable(make: () => tf.Tensor, trainable = false): tf.Variable {
  return tf.tidy(() => tf.variable(make(), trainable));
}
